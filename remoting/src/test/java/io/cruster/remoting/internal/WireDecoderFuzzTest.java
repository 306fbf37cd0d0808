package io.cruster.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Request;

/**
 * Hostile bytes on the wire: whatever a peer sends, a frame either decodes into what the stream
 * handlers act on, or fails in one of the documented ways, and nothing else is thrown:
 *
 * <ul>
 *   <li>bytes that are not a frame: {@link InvalidProtocolBufferException} (gRPC then fails the
 *       stream with INTERNAL; the other streams go on);
 *   <li>a request that is malformed: {@link Frames#problem} names what is wrong, or building the
 *       call throws {@link IllegalArgumentException} (both answered with BAD_REQUEST for that
 *       call);
 *   <li>any exit: a {@link RemoteFailure} of a known kind, or a success payload.
 * </ul>
 *
 * The decoding mirrors {@code ServerStream.onRequest} and {@code ClientSession.onNext}, parsed with
 * the size limit gRPC applies to inbound messages.
 */
class WireDecoderFuzzTest {
  static final int MAX_MESSAGE_BYTES = 64 * 1024;

  @FuzzTest(maxDuration = "30s")
  void anyBytesDecodeAsAFrameOrAreRefused(byte[] data) {
    Frame frame;
    try {
      CodedInputStream in = CodedInputStream.newInstance(data);
      in.setSizeLimit(Protocol.grpcInboundLimit(MAX_MESSAGE_BYTES));
      frame = Frame.parseFrom(in);
    } catch (InvalidProtocolBufferException notAFrame) {
      return;
    } catch (java.io.IOException e) {
      throw new AssertionError("an in-memory stream cannot fail to read", e);
    }
    switch (frame.getKindCase()) {
      case HELLO -> {
        String refusal = Protocol.incompatibility(Protocol.VERSION, frame.getHello());
        assertNotNull(Protocol.describe(frame.getHello()));
        if (frame.getHello().getProtocolVersion() != Protocol.VERSION) {
          assertNotNull(refusal);
        }
      }
      case REQUEST -> request(frame.getRequest());
      case EXIT -> {
        if (frame.getExit().hasFailure()) {
          RemoteFailure f = Frames.failure(frame.getExit().getFailure());
          assertNotNull(f.kind());
          assertNotNull(f.toString());
        } else {
          assertNotNull(Frames.bytes(frame.getExit().getSuccess()));
        }
      }
      case CHUNK -> assertNotNull(Frames.bytes(frame.getChunk().getPayload()));
      case ACK, INTERRUPT, PING, PONG, KIND_NOT_SET -> {}
    }
  }

  private static void request(Request r) {
    String problem = Frames.problem(r);
    if (problem != null) {
      assertFalse(problem.isBlank());
      return;
    }
    RemoteCall call;
    try {
      call = Frames.call(r);
    } catch (IllegalArgumentException malformed) {
      return; // answered with BAD_REQUEST
    }
    assertEquals(r.getEntityType(), call.address().entityType());
    assertEquals(r.getEntityId(), call.address().entityId());
    assertEquals(r.getShardId(), call.shard().id());
    assertTrue(call.timeout().map(t -> t.toMillis() > 0).orElse(true));
    assertNotNull(call.toString());
  }
}
