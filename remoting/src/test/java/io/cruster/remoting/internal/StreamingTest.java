package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.bytes;
import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamingTest {
  private static final int WINDOW = 4;
  private static final int CHUNKS = 100;

  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicReference<Throwable> handlerError = new AtomicReference<>();

  /** Emits {@code CHUNKS} chunks "0".."99" then exits with "done"; counts chunks that left. */
  private RequestHandler counting() {
    return RequestHandler.onVirtualThreads(
        (call, sink) -> {
          try {
            for (int i = 0; i < CHUNKS; i++) {
              sink.chunk(bytes(Integer.toString(i)));
              sent.incrementAndGet();
            }
            sink.success(bytes("done"));
          } catch (RuntimeException e) {
            handlerError.set(e);
            throw e;
          }
        });
  }

  private static TransportSettings.Builder windowed() {
    return settings().streamWindow(WINDOW);
  }

  @Test
  void chunksArriveInOrderAndTheServerWaitsForAcks() {
    try (RunnerServer server = RunnerServer.start(windowed().build(), counting());
        RunnerClient client = RunnerClient.connect(windowed().build(), target(server));
        ReplyStream stream = client.stream(call("Count", ""))) {
      // Nothing taken yet: the server sends one window of chunks and waits for acks.
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(3))
          .until(() -> sent.get() == WINDOW);
      for (int i = 0; i < CHUNKS; i++) {
        RemoteReply.Chunk chunk = assertInstanceOf(RemoteReply.Chunk.class, stream.next());
        assertEquals(i, chunk.sequence());
        assertEquals(Integer.toString(i), string(chunk.payload()));
        assertTrue(sent.get() <= i + 1 + WINDOW, "the server ran ahead of the acks: " + sent.get());
      }
      RemoteReply.Exit exit = assertInstanceOf(RemoteReply.Exit.class, stream.next());
      assertEquals("done", string(exit.payload()));
      assertThrows(IllegalStateException.class, stream::next);
    }
  }

  @Test
  void aCallerThatStopsTakingChunksTimesTheSenderOut() {
    TransportSettings s = windowed().sendTimeout(Duration.ofMillis(300)).build();
    try (RunnerServer server = RunnerServer.start(s, counting());
        RunnerClient client = RunnerClient.connect(s, target(server));
        ReplyStream stream = client.stream(call("Count", ""))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> handlerError.get() != null);
      RemoteException e = assertInstanceOf(RemoteException.class, handlerError.get());
      assertEquals(Kind.TIMEOUT, e.kind());
      assertEquals(WINDOW, sent.get());
      for (int i = 0; i < WINDOW; i++) { // what was sent is still delivered, then the failure
        assertEquals(i, assertInstanceOf(RemoteReply.Chunk.class, stream.next()).sequence());
      }
      assertEquals(Kind.TIMEOUT, assertThrows(RemoteException.class, stream::next).kind());
    }
  }

  @Test
  void closingTheStreamInterruptsTheServer() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    RequestHandler endless =
        RequestHandler.onVirtualThreads(
            (call, sink) -> {
              if (!sink.isStream()) {
                sink.success(call.payload());
                return;
              }
              sink.onCancel(cancelled::countDown);
              try {
                for (int i = 0; ; i++) {
                  sink.chunk(bytes("tick " + i));
                }
              } catch (RemoteException expected) {
                // the caller went away
              }
            });
    try (RunnerServer server = RunnerServer.start(windowed().build(), endless);
        RunnerClient client = RunnerClient.connect(windowed().build(), target(server))) {
      ReplyStream stream = client.stream(call("Ticks", ""));
      assertEquals("tick 0", string(((RemoteReply.Chunk) stream.next()).payload()));
      stream.close();
      assertTrue(cancelled.await(5, TimeUnit.SECONDS));
      assertEquals("still serving", string(client.call(call("Echo", "still serving"))));
    }
  }

  @Test
  void aPlainCallCannotBeAnsweredWithChunks() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    RequestHandler chunky =
        (call, sink) -> {
          try {
            sink.chunk(bytes("nope"));
          } catch (IllegalStateException e) {
            refused.set(e);
          }
          sink.success(bytes(Boolean.toString(sink.isStream())));
        };
    try (RunnerServer server = RunnerServer.start(settings().build(), chunky);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      assertEquals("false", string(client.call(call("Get", ""))));
      assertInstanceOf(IllegalStateException.class, refused.get());
    }
  }
}
