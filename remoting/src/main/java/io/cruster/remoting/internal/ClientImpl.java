package io.cruster.remoting.internal;

import io.cruster.actors.internal.Backoff;
import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Hello;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.ManagedChannel;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
  private volatile ClientSession session; // the open session, or null
  private ClientSession connecting; // guarded by lock
  private volatile RunnerPeer peer;
  private volatile RemoteFailure lastFailure;
  private volatile boolean closed;

  private ClientImpl(TransportSettings settings, String target, int protocolVersion) {
    this.settings = settings;
    this.target = target;
    this.protocolVersion = protocolVersion;
    this.runnerAddress = settings.runnerAddress().orElse("");
    this.incarnation = settings.incarnation().orElseGet(() -> UUID.randomUUID().toString());
    this.inFlight = new Semaphore(settings.maxInFlightCalls());
    this.backoff = new Backoff(settings.reconnectBackoffMin(), settings.reconnectBackoffMax());
    this.channel = Endpoints.channel(settings, target);
    this.stub = RunnerGrpc.newStub(channel);
    this.timer = Timers.create("cruster-remoting-client-" + target);
  }

  /** See {@link RunnerClient#connect}. */
  public static ClientImpl connect(TransportSettings settings, String target) {
    return connect(settings, target, Protocol.VERSION);
  }

  /** With another protocol version: a seam for compatibility tests. */
  static ClientImpl connect(TransportSettings settings, String target, int protocolVersion) {
    ClientImpl client = new ClientImpl(settings, target, protocolVersion);
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
   * A session ended: reconnect after a backoff, unless this client is closed or was refused at
   * first.
   */
  void lost(ClientSession s, RemoteFailure why) {
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
      if (closed) {
        return;
      }
      if (!firstHandshake.isDone() && why.kind() == Kind.BAD_REQUEST) {
        firstHandshake.completeExceptionally(new RemoteException("connect to " + target, why));
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
      channel.resetConnectBackoff();
      ClientSession s = new ClientSession(this);
      connecting = s;
      s.start();
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

  private long timeoutNanos(RemoteCall call) {
    return call.timeout().orElse(settings.callTimeout()).toNanos();
  }
}
