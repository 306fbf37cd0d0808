package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.COUNTER;
import static io.cruster.remoting.internal.Fixtures.SHARD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cruster.remoting.internal.proto.Failure;
import io.cruster.remoting.internal.proto.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void aCallSurvivesTheWire() {
    RemoteCall sent =
        RemoteCall.builder(COUNTER, SHARD, "Increment")
            .payload(new byte[] {1, 2, 3})
            .header("h", "v")
            .trace("traceparent", "t")
            .idempotencyKey("k")
            .deliverAt(Instant.ofEpochMilli(1_700_000_000_123L))
            .build();
    Request wire = Frames.request(5, sent, 1_500, 0).getRequest();
    assertNull(Frames.problem(wire));
    RemoteCall got = Frames.call(wire);
    assertEquals(sent.address(), got.address());
    assertEquals(sent.shard(), got.shard());
    assertEquals(sent.tag(), got.tag());
    assertArrayEquals(sent.payload(), got.payload());
    assertEquals(sent.headers(), got.headers());
    assertEquals(sent.traceContext(), got.traceContext());
    assertEquals(sent.idempotencyKey(), got.idempotencyKey());
    assertEquals(sent.deliverAt(), got.deliverAt());
    assertEquals(Optional.of(Duration.ofMillis(1_500)), got.timeout());
  }

  @Test
  void headersTravelAsPairsAndTheMapOfAnOlderWriterIsStillRead() {
    RemoteCall sent =
        RemoteCall.builder(COUNTER, SHARD, "Get").header("a", "1").header("b", "2").build();
    Request wire = Frames.request(1, sent, 0, 0).getRequest();
    assertEquals(0, wire.getHeadersCount(), "new writers leave the map empty");
    assertEquals(4, wire.getHeaderPairsCount());
    assertEquals(java.util.Map.of("a", "1", "b", "2"), Frames.call(wire).headers());
    Request older = wire.toBuilder().clearHeaderPairs().putHeaders("a", "1").build();
    assertEquals(java.util.Map.of("a", "1"), Frames.call(older).headers());
  }

  @Test
  void emptyOptionalsStayEmpty() {
    RemoteCall got =
        Frames.call(
            Frames.request(1, RemoteCall.of(COUNTER, SHARD, "Get", new byte[0]), 0, 0)
                .getRequest());
    assertEquals(Optional.empty(), got.idempotencyKey());
    assertEquals(Optional.empty(), got.deliverAt());
    assertEquals(Optional.empty(), got.timeout());
  }

  @Test
  void everyFailureKindKeepsItsNameOnTheWire() {
    for (RemoteFailure.Kind kind : RemoteFailure.Kind.values()) {
      RemoteFailure f = new RemoteFailure(kind, "x.Y", "why", true);
      Failure wire = Frames.failure(f);
      assertEquals(kind.name(), wire.getKind().name());
      assertEquals(f, Frames.failure(wire));
    }
  }

  @Test
  void anUnknownFailureKindReadsAsInternal() {
    Failure fromTheFuture = Failure.newBuilder().setKindValue(99).setMessage("new").build();
    assertEquals(RemoteFailure.Kind.INTERNAL, Frames.failure(fromTheFuture).kind());
  }
}
