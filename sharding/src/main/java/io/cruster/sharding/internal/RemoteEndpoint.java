package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.remoting.internal.RemoteCall;
import io.cruster.remoting.internal.RemoteFailure;
import io.cruster.remoting.internal.ReplySink;
import io.cruster.remoting.internal.RequestHandler;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.Observation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of a cluster node: takes the calls other runners send over the transport ({@link
 * Wire}) and runs them on the entities here. Every call is checked before anything runs (known
 * entity type and tag, the right kind of message, the shard the sender computed, the caller's right
 * to send it, a payload that decodes); a call that fails a check gets a typed failure and changes
 * nothing, and the runner keeps serving. A call for a shard not served here (any more, or yet) gets
 * UNAVAILABLE, so the sender retries at the shard's owner.
 *
 * <p>{@link #handle} runs on the transport's I/O thread and never blocks: rpcs and deliveries are
 * handed to the entity runtime and answered when their futures complete; streams iterate on a
 * virtual thread of their own.
 */
public final class RemoteEndpoint implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteEndpoint.class);
  private final EntityRuntime runtime;

  public RemoteEndpoint(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handle(RemoteCall call, ReplySink sink) {
    try {
      String kind = call.headers().getOrDefault(Wire.KIND, "");
      switch (kind) {
        case Wire.RPC -> rpc(call, sink);
        case Wire.STREAM ->
            Thread.ofVirtual().name("cruster-stream").start(() -> stream(call, sink));
        case Wire.DELIVER -> deliver(call, sink);
        case Wire.WAKE -> wake(call, sink);
        default ->
            sink.failure(
                RemoteFailure.of(
                    RemoteFailure.Kind.BAD_REQUEST,
                    "unknown call kind ["
                        + kind
                        + "] for "
                        + call.address()
                        + " "
                        + call.tag()
                        + " (header "
                        + Wire.KIND
                        + "): does the sender run another version of Cruster?"));
      }
    } catch (RuntimeException e) {
      LOG.debug("refused a call to {} {}: {}", call.address(), call.tag(), e.toString());
      sink.failure(Wire.failure(e));
    }
  }

  /** The server observation of a call received here, or NONE when not instrumented. */
  private Observation served(RemoteCall call) {
    Instrumentation inst = runtime.instrumentation();
    if (inst == Instrumentation.NONE) {
      return Observation.NONE;
    }
    return inst.remoteServe(
        call.address().entityType(), call.address().entityId(), call.tag(), call.traceContext());
  }

  private void rpc(RemoteCall call, ReplySink sink) {
    Target target = target(call, MessageKind.RPC);
    Object message = target.type.model().serializer().fromBytes(call.payload());
    Observation o = served(call);
    CompletableFuture<Object> reply;
    try {
      reply =
          runtime
              .rpcs()
              .here(
                  target.type,
                  call.address().entityId(),
                  target.def,
                  message,
                  ClientImpl.context(o));
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
    reply.whenComplete(
        (result, error) -> {
          o.end(error == null ? null : Failures.unwrap(error));
          if (error != null) {
            sink.failure(Wire.failure(error));
          } else {
            sink.success(target.type.model().serializer().toBytes(result));
          }
        });
  }

  private void stream(RemoteCall call, ReplySink sink) {
    try {
      Target target = target(call, MessageKind.STREAM);
      Object message = target.type.model().serializer().fromBytes(call.payload());
      try (Stream<Object> chunks =
          runtime.rpcs().streamHere(target.type, call.address().entityId(), target.def, message)) {
        sink.onCancel(chunks::close);
        Iterator<Object> it = chunks.iterator();
        while (it.hasNext()) {
          sink.chunk(target.type.model().serializer().toBytes(it.next()));
        }
      }
      sink.success(new byte[0]);
    } catch (RuntimeException e) {
      sink.failure(Wire.failure(e));
    }
  }

  private void deliver(RemoteCall call, ReplySink sink) {
    Target target = target(call, null);
    if (!target.def.kind().durable()) {
      throw new io.cruster.actors.SerializationException(
          "a forwarded request must be an activity or a workflow; "
              + call.address().entityType()
              + " "
              + call.tag()
              + " is a "
              + target.def.kind());
    }
    String requestId = header(call, Wire.REQUEST_ID);
    Instant createdAt = Instant.EPOCH.plus(parseLong(call, Wire.CREATED_AT), ChronoUnit.MICROS);
    boolean expectsReply = Boolean.parseBoolean(header(call, Wire.EXPECTS_REPLY));
    RequestRecord record =
        new RequestRecord(
            requestId,
            call.address(),
            call.shard(),
            call.tag(),
            call.payload(),
            call.idempotencyKey().orElse(requestId),
            expectsReply,
            createdAt,
            call.deliverAt().orElse(createdAt),
            call.traceContext());
    Observation o = served(call);
    if (o != Observation.NONE) {
      // the handler here continues the hop; storage keeps the caller's context
      record = record.withTraceContext(ClientImpl.context(o));
    }
    RequestState state =
        new RequestState(record, RequestStatus.PENDING, 0, Optional.empty(), Optional.empty());
    CompletableFuture<io.cruster.persistence.spi.ReplyRecord> reply;
    try {
      reply = runtime.requests().deliverForRemote(state);
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
    reply.whenComplete(
        (stored, error) -> {
          o.end(error == null ? null : Failures.unwrap(error));
          if (error != null) {
            sink.failure(Wire.failure(error));
          } else {
            sink.success(stored == null ? new byte[0] : Wire.reply(stored));
          }
        });
  }

  private void wake(RemoteCall call, ReplySink sink) {
    RegisteredType t = runtime.type(call.address().entityType());
    runtime.deferreds().wake(t, call.address().entityId(), header(call, Wire.DEFERRED));
    sink.success(new byte[0]);
  }

  /**
   * A checked call: its type and handler exist, the sender routed it to our shard, and the caller
   * may send it.
   */
  private record Target(RegisteredType type, HandlerDef def) {}

  private Target target(RemoteCall call, MessageKind kind) {
    EntityAddress address = call.address();
    RegisteredType t = runtime.type(address.entityType());
    HandlerDef def =
        t.model()
            .handler(call.tag())
            .orElseThrow(
                () ->
                    new UnknownMessageException(
                        "entity type "
                            + t.name()
                            + " has no handler for tag ["
                            + call.tag()
                            + "]"));
    if (kind != null && def.kind() != kind) {
      throw new io.cruster.actors.SerializationException(
          address + " " + call.tag() + " is a " + def.kind() + ", but it was sent as a " + kind);
    }
    ShardId computed = runtime.shardOf(t, address.entityId());
    if (!computed.equals(call.shard())) {
      throw new io.cruster.actors.SerializationException(
          "the sender routed "
              + address
              + " to shard "
              + call.shard()
              + " but this runner computes "
              + computed
              + ": do all runners use the same shardsPerGroup and shard group?");
    }
    String caller = call.headers().get(Wire.CALLER);
    new Caller(caller == null ? null : parseAddress(caller), null).check(def, address);
    return new Target(t, def);
  }

  private static EntityAddress parseAddress(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new io.cruster.actors.SerializationException(
          "header " + Wire.CALLER + " must be type/id, was [" + text + "]");
    }
    return new EntityAddress(text.substring(0, slash), text.substring(slash + 1));
  }

  private static String header(RemoteCall call, String name) {
    String value = call.headers().get(name);
    if (value == null || value.isBlank()) {
      throw new io.cruster.actors.SerializationException(
          "a "
              + call.headers().get(Wire.KIND)
              + " call to "
              + call.address()
              + " lacks header "
              + name);
    }
    return value;
  }

  private static long parseLong(RemoteCall call, String name) {
    try {
      return Long.parseLong(header(call, name));
    } catch (NumberFormatException e) {
      throw new io.cruster.actors.SerializationException(
          "header "
              + name
              + " of a call to "
              + call.address()
              + " is not a number: "
              + call.headers().get(name));
    }
  }
}
