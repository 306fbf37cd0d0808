package io.cruster.remoting.internal;

import io.cruster.actors.internal.Backoff;
import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Hello;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.ManagedChannel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one runner: a gRPC channel and, at any time, at most one {@link ClientSession}
 * (its stream). When a session ends, a new one is opened after an exponential backoff; gRPC's own
 * connect backoff is reset first so ours governs.
 *
 * <p>Any throwable on the connect path that is not a failure of the peer (an Error such as the
 * NoSuchMethodError of a class path with two gRPC versions, a bug) is an INTERNAL failure, not
 * retryable, with the throwable as its cause: the first connect throws it at once, and while it
 * keeps a session from opening, calls fail with it at once. It is logged once per peer (ERROR with
 * the peer's address; again only when the cause changes or after a successful handshake).
 *
 * <p>Concurrency: {@code lock} guards the session transitions (open, opened, lost, close) and the
 * backoff; it is held only for bookkeeping and starting a stream, never while waiting. Calls read
 * the volatile {@link #session} without the lock. {@link #inFlight} bounds the calls open at once.
 */
public final class ClientImpl implements RunnerClient {
  private static final Logger log = LoggerFactory.getLogger(ClientImpl.class);

  final TransportSettings settings;
  final int protocolVersion;
  final String runnerAddress;
  final String incarnation;
  final ScheduledExecutorService timer;
  final Semaphore inFlight;
  final RunnerGrpc.RunnerStub stub;
  private final String target;
  private final ManagedChannel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Backoff backoff;
  private final CompletableFuture<Void> firstHandshake = new CompletableFuture<>();

  /** The unexpected failure last logged per peer address, so that a repeated one is logged once. */
  private static final ConcurrentHashMap<String, String> LOGGED_UNEXPECTED =
      new ConcurrentHashMap<>();

  private volatile ClientSession session; // the open session, or null
  private ClientSession connecting; // guarded by lock
  private volatile RunnerPeer peer;
  private volatile RemoteFailure lastFailure;
  private volatile Throwable lastCause; // the unexpected throwable behind lastFailure, if any
  private volatile boolean closed;

  /** Makes the gRPC channel to a target: {@link Endpoints#channel}; a seam for tests. */
  @FunctionalInterface
  interface ChannelFactory {
    ManagedChannel create(TransportSettings settings, String target);
  }

  private ClientImpl(
      TransportSettings settings, String target, int protocolVersion, ChannelFactory channels) {
    this.settings = settings;
    this.target = target;
    this.protocolVersion = protocolVersion;
    this.runnerAddress = settings.runnerAddress().orElse("");
    this.incarnation = settings.incarnation().orElseGet(() -> UUID.randomUUID().toString());
    this.inFlight = new Semaphore(settings.maxInFlightCalls());
    this.backoff = new Backoff(settings.reconnectBackoffMin(), settings.reconnectBackoffMax());
    this.channel = channels.create(settings, target);
    try {
      this.stub = RunnerGrpc.newStub(channel);
      this.timer = Timers.create("cruster-remoting-client-" + target);
    } catch (Throwable t) {
      channel.shutdownNow();
      throw t;
    }
  }

  /** See {@link RunnerClient#connect}. */
  public static ClientImpl connect(TransportSettings settings, String target) {
    return connect(settings, target, Protocol.VERSION);
  }

  /** With another protocol version: a seam for compatibility tests. */
  static ClientImpl connect(TransportSettings settings, String target, int protocolVersion) {
    return connect(settings, target, protocolVersion, Endpoints::channel);
  }

  /** With another channel factory: a seam for tests that inject failures. */
  static ClientImpl connect(
      TransportSettings settings, String target, int protocolVersion, ChannelFactory channels) {
    ClientImpl client;
    try {
      client = new ClientImpl(settings, target, protocolVersion, channels);
    } catch (RuntimeException e) {
      throw e; // a configuration error (unreadable TLS files...), for the caller as it is
    } catch (Throwable t) {
      RemoteFailure f = unexpected(target, t);
      throw new RemoteException("connect to " + target, f, t);
    }
    long ping = settings.pingInterval().toNanos();
    client.timer.scheduleAtFixedRate(client::ping, ping, ping, TimeUnit.NANOSECONDS);
    client.open();
    long timeout = settings.connectTimeout().toNanos();
    try {
      client.firstHandshake.get(timeout, TimeUnit.NANOSECONDS);
      return client;
    } catch (TimeoutException e) {
      client.close();
      RemoteFailure last = client.lastFailure;
      throw new RemoteException(
          "connect to " + target,
          RemoteFailure.of(
              Kind.UNAVAILABLE,
              "no handshake within "
                  + settings.connectTimeout().toMillis()
                  + " ms"
                  + (last == null ? "" : "; last error: " + last.message())));
    } catch (ExecutionException e) {
      client.close();
      throw e.getCause() instanceof RemoteException r
          ? r
          : new RemoteException(
              "connect to " + target, RemoteFailure.from(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new RemoteException(
          "connect to " + target,
          new RemoteFailure(Kind.UNAVAILABLE, "", "interrupted while connecting", false));
    }
  }

  @Override
  public byte[] call(RemoteCall call) {
    long timeout = timeoutNanos(call);
    ClientSession s = sessionFor(call);
    if (s.onIoThread()) {
      throw new IllegalStateException(
          "a blocking call on the transport's I/O thread would stall the "
              + "connection to "
              + target
              + "; use callAsync, or move the work off the I/O thread");
    }
    acquire(call, Math.min(timeout, settings.sendTimeout().toNanos()));
    UnaryCall pending = s.send(new UnaryCall(s, s.nextId(), call, timeout), 0, true);
    try {
      return pending.future.get(timeout + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RemoteException r) {
        throw new RemoteException(pending.context(), r.failure()); // a stack trace of this caller
      }
      throw new RemoteException(pending.context(), RemoteFailure.from(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      RemoteFailure f =
          RemoteFailure.of(
              Kind.TIMEOUT, "no reply within " + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms");
      pending.abandon(f);
      throw pending.error(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      RemoteFailure f = new RemoteFailure(Kind.UNAVAILABLE, "", "interrupted while waiting", false);
      pending.abandon(f);
      throw pending.error(f);
    }
  }

  @Override
  public CompletableFuture<byte[]> callAsync(RemoteCall call) {
    ClientSession s;
    try {
      s = sessionFor(call);
    } catch (RemoteException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!inFlight.tryAcquire()) {
      return CompletableFuture.failedFuture(tooManyCalls(call));
    }
    return s.send(new UnaryCall(s, s.nextId(), call, timeoutNanos(call)), 0, false).future;
  }

  @Override
  public ReplyStream stream(RemoteCall call) {
    long timeout = timeoutNanos(call);
    ClientSession s = sessionFor(call);
    acquire(call, s.onIoThread() ? 0 : Math.min(timeout, settings.sendTimeout().toNanos()));
    StreamingCall pending =
        new StreamingCall(s, s.nextId(), call, timeout, settings.streamWindow());
    s.send(pending, settings.streamWindow(), !s.onIoThread());
    return pending;
  }

  @Override
  public boolean isConnected() {
    ClientSession s = session;
    return s != null && s.isOpen();
  }

  @Override
  public Optional<RunnerPeer> peer() {
    return Optional.ofNullable(peer);
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public void close() {
    ClientSession open;
    ClientSession pending;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      open = session;
      pending = connecting;
      session = null;
      connecting = null;
    } finally {
      lock.unlock();
    }
    RemoteFailure why = new RemoteFailure(Kind.UNAVAILABLE, "", "the client is closed", false);
    if (open != null) {
      open.abort(why);
    }
    if (pending != null) {
      pending.abort(why);
    }
    firstHandshake.completeExceptionally(new RemoteException("connect to " + target, why));
    timer.shutdownNow();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RunnerClient[" + target + (isConnected() ? ", connected" : "") + "]";
  }

  /** A session finished its handshake: it carries calls from now on. */
  void opened(ClientSession s, Hello hello) {
    lock.lock();
    try {
      if (closed || connecting != s) {
        s.abort(RemoteFailure.of(Kind.UNAVAILABLE, "superseded"));
        return;
      }
      connecting = null;
      session = s;
      peer =
          new RunnerPeer(
              hello.getRunnerAddress(), hello.getIncarnation(), hello.getProtocolVersion());
      backoff.reset();
      lastFailure = null;
      lastCause = null;
      LOGGED_UNEXPECTED.remove(target);
    } finally {
      lock.unlock();
    }
    log.info(
        "{}: connected to {} (incarnation {})",
        target,
        hello.getRunnerAddress(),
        hello.getIncarnation());
    firstHandshake.complete(null);
  }

  /**
   * A session ended: reconnect after a backoff, unless this client is closed or failed its first
   * connect for good (refused, or an unexpected {@code cause}, which is logged once).
   */
  void lost(ClientSession s, RemoteFailure why, Throwable cause) {
    long delay;
    lock.lock();
    try {
      boolean wasOpen = session == s;
      if (wasOpen) {
        session = null;
      } else if (connecting == s) {
        connecting = null;
      } else {
        return;
      }
      lastFailure = why;
      lastCause = cause;
      if (closed) {
        return;
      }
      if (cause != null) {
        unexpected(target, cause);
      }
      if (!firstHandshake.isDone() && (why.kind() == Kind.BAD_REQUEST || cause != null)) {
        firstHandshake.completeExceptionally(
            new RemoteException("connect to " + target, why, cause));
        return;
      }
      delay = backoff.nextNanos();
      if (wasOpen) {
        log.warn(
            "{}: {}; reconnecting in {} ms",
            target,
            why.message(),
            TimeUnit.NANOSECONDS.toMillis(delay));
      } else {
        log.debug(
            "{}: connecting failed: {}; next attempt in {} ms",
            target,
            why.message(),
            TimeUnit.NANOSECONDS.toMillis(delay));
      }
      timer.schedule(this::open, delay, TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  /** Closes the channel's TCP connection, so that the next session dials afresh. */
  void dropConnection() {
    channel.enterIdle();
  }

  private void open() {
    lock.lock();
    try {
      if (closed || session != null || connecting != null) {
        return;
      }
      ClientSession s = new ClientSession(this);
      connecting = s;
      try {
        channel.resetConnectBackoff();
      } catch (Throwable t) {
        s.fail(t);
        return;
      }
      s.start(); // a throwable ends s: lost() reports it
      if (connecting != s) {
        return;
      }
      long handshake = settings.connectTimeout().toNanos();
      timer.schedule(
          () -> {
            if (!s.isOpen()) {
              s.abort(
                  RemoteFailure.of(
                      Kind.UNAVAILABLE,
                      "no handshake from "
                          + target
                          + " within "
                          + settings.connectTimeout().toMillis()
                          + " ms"));
            }
          },
          handshake,
          TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  private void ping() {
    ClientSession s = session;
    if (s != null) {
      s.pingOrDrop(3 * settings.pingInterval().toNanos());
    }
  }

  private ClientSession sessionFor(RemoteCall call) {
    if (closed) {
      throw new RemoteException(
          "call " + call.address() + " " + call.tag() + " on " + target,
          new RemoteFailure(Kind.UNAVAILABLE, "", "the client is closed", false));
    }
    ClientSession s = session;
    if (s == null) {
      RemoteFailure last = lastFailure;
      Throwable cause = lastCause;
      if (last != null && cause != null) {
        // No session can open while this lasts: fail at once with the cause, not retryably.
        throw new RemoteException(
            "call " + call.address() + " " + call.tag() + " on " + target, last, cause);
      }
      throw new RemoteException(
          "call " + call.address() + " " + call.tag() + " on " + target,
          RemoteFailure.of(
              Kind.UNAVAILABLE,
              "not connected, reconnecting"
                  + (last == null ? "" : "; last error: " + last.message())));
    }
    return s;
  }

  private void acquire(RemoteCall call, long waitNanos) {
    try {
      if (!inFlight.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw tooManyCalls(call);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(
          "call " + call.address() + " " + call.tag() + " on " + target,
          new RemoteFailure(Kind.UNAVAILABLE, "", "interrupted while waiting to send", false));
    }
  }

  private RemoteException tooManyCalls(RemoteCall call) {
    return new RemoteException(
        "call " + call.address() + " " + call.tag() + " on " + target,
        RemoteFailure.of(
            Kind.UNAVAILABLE,
            settings.maxInFlightCalls()
                + " calls are in flight, the most"
                + " allowed (maxInFlightCalls)"));
  }

  /**
   * The failure for an unexpected throwable on the connect path to {@code target}: INTERNAL, not
   * retryable. Logs it (ERROR, with the stack trace) unless the same was the last one logged for
   * this peer.
   */
  static RemoteFailure unexpected(String target, Throwable cause) {
    RemoteFailure f = RemoteFailure.from(cause).withRetryable(false);
    String what = f.toString();
    if (!what.equals(LOGGED_UNEXPECTED.put(target, what))) {
      log.error("cannot connect to the runner at {}: {}", target, what, cause);
    } else {
      log.debug("{}: cannot connect, again: {}", target, what);
    }
    return f;
  }

  private long timeoutNanos(RemoteCall call) {
    return call.timeout().orElse(settings.callTimeout()).toNanos();
  }
}
