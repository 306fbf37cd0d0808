package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Any throwable on the client's connect path — an Error such as the NoSuchMethodError a class path
 * with two gRPC versions throws — fails the waiting calls at once with it as the cause, and is
 * logged once with the peer's address; it never kills a thread silently and leaves callers waiting
 * for their timeout. The failures are injected through the channel factory seam.
 */
@Timeout(60)
class ConnectFailureTest {
  /** Longer than any of these tests may take to fail: a failure must not wait for it. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, logged), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(originalErr);
  }

  private TransportSettings settings() {
    return Fixtures.settings().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** ERROR lines of the log that name {@code target}. */
  private List<String> errorsAbout(String target) {
    return Arrays.stream(logged.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains("ERROR") && l.contains(target))
        .toList();
  }

  private static void assertFailsAtOnceWith(Throwable cause, RemoteException e, long startNanos) {
    assertSame(cause, e.getCause(), () -> "the cause is lost: " + e);
    assertEquals(Kind.INTERNAL, e.kind());
    assertFalse(e.isRetryable(), e::toString);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    assertTrue(tookMillis < CONNECT_TIMEOUT.toMillis() / 4, "took " + tookMillis + " ms");
  }

  @Test
  void anErrorBuildingTheChannelFailsTheConnectAtOnceWithItAsTheCause() {
    String target = "127.0.0.1:1";
    NoSuchMethodError error = new NoSuchMethodError("injected: ManagedChannelImplBuilder.<init>");
    long start = System.nanoTime();
    RemoteException e =
        assertThrows(
            RemoteException.class,
            () ->
                ClientImpl.connect(
                    settings(),
                    target,
                    Protocol.VERSION,
                    (s, t) -> {
                      throw error;
                    }));
    assertFailsAtOnceWith(error, e, start);
    assertTrue(e.getMessage().contains(target), e.getMessage());
    assertEquals(1, errorsAbout(target).size(), () -> "logged: " + errorsAbout(target));
  }

  @Test
  void anErrorOpeningTheStreamFailsTheConnectAtOnceWithItAsTheCause() throws Exception {
    try (RunnerServer server = RunnerServer.start(Fixtures.settings().build(), echo())) {
      String target = target(server);
      LinkageError error = new LinkageError("injected: opening the stream");
      AtomicReference<Throwable> failNewCalls = new AtomicReference<>(error);
      long start = System.nanoTime();
      RemoteException e =
          assertThrows(
              RemoteException.class,
              () ->
                  ClientImpl.connect(settings(), target, Protocol.VERSION, failing(failNewCalls)));
      assertFailsAtOnceWith(error, e, start);
      assertTrue(e.getMessage().contains(target), e.getMessage());
      assertEquals(1, errorsAbout(target).size(), () -> "logged: " + errorsAbout(target));
    }
  }

  @Test
  void anErrorReconnectingFailsCallsAtOnceWithItAsTheCauseLogsItOnceAndHeals() throws Exception {
    RunnerServer server = RunnerServer.start(Fixtures.settings().build(), echo());
    int port = server.port();
    String target = target(server);
    AtomicReference<Throwable> failNewCalls = new AtomicReference<>();
    try (RunnerClient client =
        ClientImpl.connect(settings(), target, Protocol.VERSION, failing(failNewCalls))) {
      assertEquals("up", string(client.call(call("Echo", "up"))));

      NoSuchMethodError error = new NoSuchMethodError("injected: reconnecting");
      failNewCalls.set(error);
      server.close(); // the session ends; every reconnect attempt now throws
      await().atMost(Duration.ofSeconds(10)).until(() -> !errorsAbout(target).isEmpty());
      long start = System.nanoTime();
      RemoteException e =
          assertThrows(RemoteException.class, () -> client.call(call("Echo", "down")));
      assertFailsAtOnceWith(error, e, start);

      // Attempts go on with backoff (20 to 200 ms here), each failing the same way: logged once.
      int attempts = ATTEMPTS.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> ATTEMPTS.get() >= attempts + 3);
      assertEquals(1, errorsAbout(target).size(), () -> "logged: " + errorsAbout(target));

      failNewCalls.set(null);
      try (RunnerServer again =
          RunnerServer.start(
              settings().toBuilder().bindAddress("127.0.0.1", port).build(), echo())) {
        await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
        assertEquals("back", string(client.call(call("Echo", "back"))));
        assertEquals(again.incarnation(), client.peer().orElseThrow().incarnation());
      }
    } finally {
      server.close();
    }
  }

  /** Calls that {@link FailingChannel}s failed. */
  private static final AtomicInteger ATTEMPTS = new AtomicInteger();

  /** Channels from the real factory whose new calls throw what {@code failure} holds, if any. */
  private static ClientImpl.ChannelFactory failing(AtomicReference<Throwable> failure) {
    return (settings, target) -> new FailingChannel(Endpoints.channel(settings, target), failure);
  }

  private static final class FailingChannel extends ManagedChannel {
    private final ManagedChannel delegate;
    private final AtomicReference<Throwable> failure;

    FailingChannel(ManagedChannel delegate, AtomicReference<Throwable> failure) {
      this.delegate = delegate;
      this.failure = failure;
    }

    @Override
    public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
      Throwable t = failure.get();
      if (t != null) {
        ATTEMPTS.incrementAndGet();
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
      return delegate.newCall(method, options);
    }

    @Override
    public String authority() {
      return delegate.authority();
    }

    @Override
    public ManagedChannel shutdown() {
      delegate.shutdown();
      return this;
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public ManagedChannel shutdownNow() {
      delegate.shutdownNow();
      return this;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public void resetConnectBackoff() {
      delegate.resetConnectBackoff();
    }

    @Override
    public void enterIdle() {
      delegate.enterIdle();
    }
  }

  /** Writes to both streams (the second is a ByteArrayOutputStream: thread-safe). */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
