package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReconnectTest {

  @Test
  void inFlightCallsFailRetryablyAndTheClientReconnectsToARestartedServer() throws Exception {
    CountDownLatch arrived = new CountDownLatch(20);
    RequestHandler hangOrEcho =
        (call, sink) -> {
          if (call.tag().equals("Hang")) {
            arrived.countDown();
          } else {
            sink.success(call.payload());
          }
        };
    RunnerServer first = RunnerServer.start(settings().build(), hangOrEcho);
    int port = first.port();
    TransportSettings samePort = settings().bindAddress("127.0.0.1", port).build();
    try (RunnerClient client = RunnerClient.connect(settings().build(), target(first))) {
      String firstIncarnation = client.peer().orElseThrow().incarnation();
      List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        inFlight.add(client.callAsync(call("Hang", "")));
      }
      assertTrue(arrived.await(5, TimeUnit.SECONDS));

      first.close();
      for (CompletableFuture<byte[]> reply : inFlight) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
        RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
        assertEquals(Kind.UNAVAILABLE, remote.kind());
        assertTrue(remote.isRetryable());
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
      RemoteException whileDown =
          assertThrows(RemoteException.class, () -> client.call(call("Echo", "")));
      assertEquals(Kind.UNAVAILABLE, whileDown.kind());
      assertTrue(whileDown.isRetryable());

      try (RunnerServer second = RunnerServer.start(samePort, echo())) {
        await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
        assertEquals("back", string(client.call(call("Echo", "back"))));
        assertNotEquals(firstIncarnation, client.peer().orElseThrow().incarnation());
        assertEquals(second.incarnation(), client.peer().orElseThrow().incarnation());
        assertEquals(1, second.connectionCount());
      }
    } finally {
      first.close();
    }
  }

  @Test
  void connectingToNothingFailsRetryablyWithinTheConnectTimeout() {
    int port;
    try (RunnerServer probe = RunnerServer.start(settings().build(), echo())) {
      port = probe.port(); // a port that was free a moment ago and is closed now
    }
    TransportSettings quick = settings().connectTimeout(Duration.ofMillis(500)).build();
    long start = System.nanoTime();
    RemoteException e =
        assertThrows(RemoteException.class, () -> RunnerClient.connect(quick, "127.0.0.1:" + port));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.isRetryable());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3_000);
  }

  @Test
  void aClosedClientFailsCallsForGood() {
    try (RunnerServer server = RunnerServer.start(settings().build(), echo())) {
      RunnerClient client = RunnerClient.connect(settings().build(), target(server));
      client.close();
      RemoteException e = assertThrows(RemoteException.class, () -> client.call(call("Echo", "")));
      assertEquals(Kind.UNAVAILABLE, e.kind());
      assertFalse(e.isRetryable());
      await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
    }
  }
}
