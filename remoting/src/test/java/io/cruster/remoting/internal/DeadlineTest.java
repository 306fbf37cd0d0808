package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeadlineTest {

  /**
   * Never answers "Hang"; echoes anything else. Counts down {@code cancelled} when a call is
   * cancelled.
   */
  private static RequestHandler hangs(CountDownLatch cancelled) {
    return (call, sink) -> {
      if (call.tag().equals("Hang")) {
        sink.onCancel(cancelled::countDown);
      } else {
        sink.success(call.payload());
      }
    };
  }

  @Test
  void aCallPastItsDeadlineFailsWithTimeoutAndTheServerIsInterrupted() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    try (RunnerServer server = RunnerServer.start(settings().build(), hangs(cancelled));
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      long start = System.nanoTime();
      RemoteException e =
          assertThrows(
              RemoteException.class,
              () -> client.call(call("Hang", "").withTimeout(Duration.ofMillis(200))));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(Kind.TIMEOUT, e.kind());
      assertTrue(e.isRetryable());
      assertTrue(tookMillis >= 200 && tookMillis < 2_000, "took " + tookMillis + " ms");
      // The server's own backstop fires a second after the deadline; the Interrupt frame comes
      // first.
      assertTrue(cancelled.await(700, TimeUnit.MILLISECONDS), "the server saw no interrupt");
      assertEquals("after", string(client.call(call("Echo", "after"))));
    }
  }

  @Test
  void cancellingTheFutureInterruptsTheServer() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    try (RunnerServer server = RunnerServer.start(settings().build(), hangs(cancelled));
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      CompletableFuture<byte[]> reply = client.callAsync(call("Hang", ""));
      assertTrue(reply.cancel(true));
      assertTrue(cancelled.await(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aStreamPastItsDeadlineFailsWithTimeoutAndTheHandlerLearnsWhy() throws Exception {
    AtomicReference<RemoteException> seenByHandler = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    RequestHandler waitsThenChunks =
        RequestHandler.onVirtualThreads(
            (call, sink) -> {
              CountDownLatch cancelled = new CountDownLatch(1);
              sink.onCancel(cancelled::countDown);
              cancelled.await(10, TimeUnit.SECONDS);
              try {
                sink.chunk(Fixtures.bytes("too late"));
              } catch (RemoteException e) {
                seenByHandler.set(e);
              }
              done.countDown();
            });
    try (RunnerServer server = RunnerServer.start(settings().build(), waitsThenChunks);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server));
        ReplyStream stream = client.stream(call("Slow", "").withTimeout(Duration.ofMillis(200)))) {
      RemoteException e = assertThrows(RemoteException.class, stream::next);
      assertEquals(Kind.TIMEOUT, e.kind());
      assertTrue(done.await(5, TimeUnit.SECONDS));
      assertTrue(
          seenByHandler.get().getMessage().contains("interrupted"),
          seenByHandler.get().getMessage());
    }
  }

  @Test
  void asyncTimeoutsFailTheFutureWithTimeout() {
    CountDownLatch cancelled = new CountDownLatch(1);
    try (RunnerServer server = RunnerServer.start(settings().build(), hangs(cancelled));
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  client
                      .callAsync(call("Hang", "").withTimeout(Duration.ofMillis(100)))
                      .get(5, TimeUnit.SECONDS));
      assertEquals(Kind.TIMEOUT, assertInstanceOf(RemoteException.class, e.getCause()).kind());
    }
  }
}
