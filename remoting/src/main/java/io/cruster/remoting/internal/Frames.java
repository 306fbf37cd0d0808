package io.cruster.remoting.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.remoting.internal.proto.AckChunk;
import io.cruster.remoting.internal.proto.Exit;
import io.cruster.remoting.internal.proto.Failure;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Interrupt;
import io.cruster.remoting.internal.proto.Ping;
import io.cruster.remoting.internal.proto.Pong;
import io.cruster.remoting.internal.proto.ReplyChunk;
import io.cruster.remoting.internal.proto.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Conversions between the public values and the generated frames, and the checks of incoming
 * requests. Stateless; payload arrays are wrapped without copying on the way out and copied on the
 * way in.
 */
final class Frames {

  static Frame request(long callId, RemoteCall call, long timeoutMillis, int streamWindow) {
    Request.Builder r =
        Request.newBuilder()
            .setCallId(callId)
            .setEntityType(call.address().entityType())
            .setEntityId(call.address().entityId())
            .setShardGroup(call.shard().group())
            .setShardId(call.shard().id())
            .setTag(call.tag())
            .setPayload(wrap(call.payload()))
            .setTimeoutMillis(timeoutMillis)
            .setStreamWindow(streamWindow);
    if (!call.traceContext().isEmpty()) {
      r.putAllTraceContext(call.traceContext()); // even an empty putAll builds a mutable map field
    }
    call.headers().forEach((k, v) -> r.addHeaderPairs(k).addHeaderPairs(v));
    call.idempotencyKey().ifPresent(r::setIdempotencyKey);
    call.deliverAt().ifPresent(at -> r.setDeliverAtMillis(at.toEpochMilli()));
    return Frame.newBuilder().setRequest(r).build();
  }

  /** What is wrong with an incoming request, or null when it is well formed. */
  static String problem(Request r) {
    if (r.getCallId() <= 0) {
      return "call_id must be > 0, was " + r.getCallId();
    }
    if (r.getEntityType().isBlank()) {
      return "entity_type is missing";
    }
    if (r.getEntityId().isBlank()) {
      return "entity_id is missing";
    }
    if (r.getShardGroup().isBlank()) {
      return "shard_group is missing";
    }
    if (r.getShardId() < 0) {
      return "shard_id must be >= 0, was " + r.getShardId();
    }
    if (r.getTag().isBlank()) {
      return "tag is missing";
    }
    if (r.getTimeoutMillis() < 0 || r.getStreamWindow() < 0) {
      return "timeout_millis and stream_window must be >= 0";
    }
    if (r.getHeaderPairsCount() % 2 != 0) {
      return "header_pairs must hold key, value pairs, had " + r.getHeaderPairsCount() + " strings";
    }
    return null;
  }

  /** The public view of a request that passed {@link #problem}. */
  static RemoteCall call(Request r) {
    return new RemoteCall(
        new EntityAddress(r.getEntityType(), r.getEntityId()),
        new ShardId(r.getShardGroup(), r.getShardId()),
        r.getTag(),
        r.getPayload().toByteArray(),
        headers(r),
        r.getIdempotencyKey().isEmpty() ? Optional.empty() : Optional.of(r.getIdempotencyKey()),
        r.getDeliverAtMillis() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(r.getDeliverAtMillis())),
        r.getTimeoutMillis() == 0
            ? Optional.empty()
            : Optional.of(Duration.ofMillis(r.getTimeoutMillis())),
        r.getTraceContextMap());
  }

  /** The headers of a request: its pairs, and its map entries as an older writer sends them. */
  private static java.util.Map<String, String> headers(Request r) {
    int pairs = r.getHeaderPairsCount();
    if (pairs == 0) {
      return r.getHeadersMap();
    }
    java.util.Map<String, String> out = new java.util.HashMap<>(r.getHeadersMap());
    for (int i = 0; i + 1 < pairs; i += 2) {
      out.put(r.getHeaderPairs(i), r.getHeaderPairs(i + 1));
    }
    return out;
  }

  static Frame chunk(long callId, long sequence, byte[] payload) {
    return Frame.newBuilder()
        .setChunk(
            ReplyChunk.newBuilder()
                .setCallId(callId)
                .setSequence(sequence)
                .setPayload(wrap(payload)))
        .build();
  }

  static Frame success(long callId, byte[] payload) {
    return Frame.newBuilder()
        .setExit(Exit.newBuilder().setCallId(callId).setSuccess(wrap(payload)))
        .build();
  }

  static Frame exit(long callId, RemoteFailure failure) {
    return Frame.newBuilder()
        .setExit(Exit.newBuilder().setCallId(callId).setFailure(failure(failure)))
        .build();
  }

  static Frame ack(long callId, long sequence) {
    return Frame.newBuilder()
        .setAck(AckChunk.newBuilder().setCallId(callId).setSequence(sequence))
        .build();
  }

  static Frame interrupt(long callId) {
    return Frame.newBuilder().setInterrupt(Interrupt.newBuilder().setCallId(callId)).build();
  }

  static Frame ping(long nonce) {
    return Frame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build();
  }

  static Frame pong(long nonce) {
    return Frame.newBuilder().setPong(Pong.newBuilder().setNonce(nonce)).build();
  }

  static Failure failure(RemoteFailure f) {
    return Failure.newBuilder()
        .setKind(Failure.Kind.valueOf(f.kind().name())) // the enums share their names
        .setRemoteType(f.remoteType())
        .setMessage(f.message())
        .setRetryable(f.retryable())
        .build();
  }

  static RemoteFailure failure(Failure f) {
    RemoteFailure.Kind kind =
        switch (f.getKind()) {
          case KIND_UNSPECIFIED, UNRECOGNIZED -> RemoteFailure.Kind.INTERNAL; // a newer peer's kind
          default -> RemoteFailure.Kind.valueOf(f.getKind().name());
        };
    return new RemoteFailure(kind, f.getRemoteType(), f.getMessage(), f.getRetryable());
  }

  /** A copy of a received payload: the public API hands out plain arrays the receiver owns. */
  static byte[] bytes(ByteString payload) {
    return payload.toByteArray();
  }

  private static ByteString wrap(byte[] payload) {
    return payload.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(payload);
  }

  private Frames() {}
}
