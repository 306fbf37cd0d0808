package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.COUNTER;
import static io.cruster.remoting.internal.Fixtures.SHARD;
import static io.cruster.remoting.internal.Fixtures.bytes;
import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoundTripTest {

  @Test
  void echoRoundTripsBlockingAndAsync() throws Exception {
    try (RunnerServer server = RunnerServer.start(settings().build(), echo());
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      assertEquals("hello", string(client.call(call("Echo", "hello"))));
      assertEquals(
          "async", string(client.callAsync(call("Echo", "async")).get(5, TimeUnit.SECONDS)));
      assertArrayEquals(
          new byte[0], client.call(RemoteCall.of(COUNTER, SHARD, "Echo", new byte[0])));
      assertTrue(client.isConnected());
      assertEquals(server.incarnation(), client.peer().orElseThrow().incarnation());
      assertEquals(server.runnerAddress(), client.peer().orElseThrow().runnerAddress());
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void everyFieldOfTheCallReachesTheHandler() {
    AtomicReference<RemoteCall> seen = new AtomicReference<>();
    RequestHandler record =
        (call, sink) -> {
          seen.set(call);
          sink.success(bytes("ok"));
        };
    Instant at = Instant.parse("2030-01-02T03:04:05.678Z");
    RemoteCall sent =
        RemoteCall.builder(COUNTER, SHARD, "Increment")
            .payload(bytes("5"))
            .header("caller", "Orders/o-1")
            .trace("traceparent", "00-abc-def-01")
            .idempotencyKey("order-1")
            .deliverAt(at)
            .timeout(Duration.ofSeconds(7))
            .build();
    try (RunnerServer server = RunnerServer.start(settings().build(), record);
        RunnerClient client =
            RunnerClient.connect(
                settings().runnerAddress("10.0.0.1:9000").build(), target(server))) {
      client.call(sent);
    }
    RemoteCall got = seen.get();
    assertEquals(COUNTER, got.address());
    assertEquals(SHARD, got.shard());
    assertEquals("Increment", got.tag());
    assertEquals("5", string(got.payload()));
    assertEquals(Map.of("caller", "Orders/o-1"), got.headers());
    assertEquals(Map.of("traceparent", "00-abc-def-01"), got.traceContext());
    assertEquals(Optional.of("order-1"), got.idempotencyKey());
    assertEquals(Optional.of(at), got.deliverAt());
    long left = got.timeout().orElseThrow().toMillis();
    assertTrue(left > 5_000 && left <= 7_000, "time left " + left);
  }

  @Test
  void aDomainFailureKeepsItsTypeAndMessage() {
    RequestHandler failing =
        (call, sink) ->
            sink.failure(RemoteFailure.entity(new IllegalStateException("counter is frozen")));
    try (RunnerServer server = RunnerServer.start(settings().build(), failing);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      RemoteException e =
          assertThrows(RemoteException.class, () -> client.call(call("Increment", "")));
      assertEquals(Kind.ENTITY, e.kind());
      assertEquals(IllegalStateException.class.getName(), e.remoteType());
      assertEquals("counter is frozen", e.remoteMessage());
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("Counter/c-1 Increment"), e.getMessage());
      ExecutionException async =
          assertThrows(
              ExecutionException.class,
              () -> client.callAsync(call("Increment", "")).get(5, TimeUnit.SECONDS));
      assertEquals(Kind.ENTITY, ((RemoteException) async.getCause()).kind());
    }
  }

  @Test
  void aHandlerThatThrowsFailsTheCallAsInternal() {
    RequestHandler throwing =
        (call, sink) -> {
          if (call.tag().equals("Bug")) {
            throw new IllegalArgumentException("bug in the handler");
          }
          sink.success(call.payload());
        };
    try (RunnerServer server = RunnerServer.start(settings().build(), throwing);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      RemoteException e = assertThrows(RemoteException.class, () -> client.call(call("Bug", "")));
      assertEquals(Kind.INTERNAL, e.kind());
      assertEquals(IllegalArgumentException.class.getName(), e.remoteType());
      assertEquals("bug in the handler", e.remoteMessage());
      assertEquals("still serving", string(client.call(call("Get", "still serving"))));
    }
  }

  @Test
  void aBlockingHandlerRunsOnVirtualThreads() {
    RequestHandler blocking =
        RequestHandler.onVirtualThreads(
            (call, sink) -> {
              if (!Thread.currentThread().isVirtual()) {
                throw new IllegalStateException("not on a virtual thread");
              }
              switch (call.tag()) {
                case "Slow" -> {
                  Thread.sleep(20); // blocking (and a checked exception) is allowed here
                  sink.success(call.payload());
                }
                case "Throw" -> throw new java.io.IOException("disk on fire");
                default -> {} // returns without replying
              }
            });
    try (RunnerServer server = RunnerServer.start(settings().build(), blocking);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      CompletableFuture<?>[] calls = new CompletableFuture<?>[50];
      for (int i = 0; i < calls.length; i++) {
        calls[i] = client.callAsync(call("Slow", "n" + i));
      }
      CompletableFuture.allOf(calls).join();
      assertEquals("n49", string((byte[]) calls[49].join()));
      RemoteException thrown =
          assertThrows(RemoteException.class, () -> client.call(call("Throw", "")));
      assertEquals(Kind.INTERNAL, thrown.kind());
      assertEquals("java.io.IOException", thrown.remoteType());
      RemoteException silent =
          assertThrows(RemoteException.class, () -> client.call(call("Nothing", "")));
      assertEquals(Kind.INTERNAL, silent.kind());
      assertTrue(silent.remoteMessage().contains("without replying"), silent.remoteMessage());
    }
  }
}
