package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Exit;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Hello;
import io.cruster.remoting.internal.proto.ReplyChunk;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Connect} stream of a {@link ClientImpl}: the handshake, then every call to the server,
 * multiplexed by call ids this session hands out. When the stream ends, every call in flight fails
 * with UNAVAILABLE (retryable) and the client is told, so it can reconnect with a new session.
 *
 * <p>Concurrency: gRPC callbacks run on the event loop and only look up and complete calls. Calls
 * start from any thread; a call registered after the stream ended is failed by the registering
 * thread (the {@code ended} flag is set before the sweep, and checked after the registration).
 */
final class ClientSession implements ClientResponseObserver<Frame, Frame> {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  final ClientImpl client;
  FrameWriter writer; // set in beforeStart, before any other use
  private final ConcurrentHashMap<Long, PendingCall> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean open;
  private volatile RemoteFailure refusal;
  private volatile long lastInboundNanos = System.nanoTime();
  private final Deadlines<PendingCall> deadlines;

  ClientSession(ClientImpl client) {
    this.client = client;
    this.deadlines =
        new Deadlines<>(client.timer, calls.values(), c -> c.deadlineNanos, PendingCall::expire);
  }

  /**
   * Opens the stream and sends Hello. Never waits. Any throwable (a class path with two gRPC
   * versions, a bug) ends the session with it: {@link #fail}.
   */
  void start() {
    try {
      client.stub.connect(this);
      writer.offerControl(
          Protocol.hello(
              client.protocolVersion,
              client.runnerAddress,
              client.incarnation,
              client.settings.pingInterval().toMillis()));
    } catch (Throwable t) {
      fail(t);
    }
  }

  /**
   * Ends the session with an unexpected throwable: its calls fail with INTERNAL (not retryable) and
   * {@code t} as the cause, and the client is told (it logs it once).
   */
  void fail(Throwable t) {
    end(RemoteFailure.from(t).withRetryable(false), true, t);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Frame> requests) {
    writer =
        new FrameWriter(requests, client.settings.sendBufferBytes(), () -> {}, client.target());
    requests.setOnReadyHandler(writer::onReady);
  }

  boolean isOpen() {
    return open && !ended.get();
  }

  boolean onIoThread() {
    return writer.onIoThread();
  }

  /**
   * Registers and sends a call. {@code mayWait}: wait (bounded) for room in the send buffer, else
   * fail at once when it is full. Never throws: a failure completes the call.
   */
  <C extends PendingCall> C send(C call, int streamWindow, boolean mayWait) {
    long budgetMillis = TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos - System.nanoTime());
    Frame request = Frames.request(call.id, call.call, Math.max(1, budgetMillis), streamWindow);
    int size = request.getSerializedSize();
    int max = client.settings.maxMessageBytes();
    if (size > max) {
      call.fail(
          RemoteFailure.of(
              Kind.TOO_LARGE, "the request is " + size + " bytes, over the limit of " + max));
      return call;
    }
    calls.put(call.id, call);
    deadlines.track(call.deadlineNanos);
    if (ended.get()) {
      call.fail(lost("the connection was lost"));
      return call;
    }
    try {
      if (mayWait) {
        writer.offer(
            request,
            Math.min(
                client.settings.sendTimeout().toNanos(), call.deadlineNanos - System.nanoTime()));
      } else if (!writer.tryOffer(request)) {
        call.fail(
            RemoteFailure.of(
                Kind.UNAVAILABLE,
                "the send buffer to "
                    + client.target()
                    + " is full; back off or use a blocking call"));
      }
    } catch (RemoteException e) {
      call.fail(e.failure());
    }
    return call;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  void forget(PendingCall call) {
    calls.remove(call.id, call);
  }

  /** Pings the server, or drops the stream if the server said nothing for {@code silenceNanos}. */
  void pingOrDrop(long silenceNanos) {
    long silent = System.nanoTime() - lastInboundNanos;
    if (silent > silenceNanos) {
      client.dropConnection(); // a half-open TCP connection would swallow the next stream too
      abort(lost("nothing from the server for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms"));
    } else {
      writer.offerControl(Frames.ping(System.nanoTime()));
    }
  }

  /** Ends the session from this side: cancels the stream, fails its calls with {@code why}. */
  void abort(RemoteFailure why) {
    end(why, true, null);
  }

  @Override
  public void onNext(Frame frame) {
    writer.ioThread(Thread.currentThread());
    lastInboundNanos = System.nanoTime();
    switch (frame.getKindCase()) {
      case HELLO -> onHello(frame.getHello());
      case CHUNK -> onChunk(frame.getChunk());
      case EXIT -> onExit(frame.getExit());
      case PING -> writer.offerControl(Frames.pong(frame.getPing().getNonce()));
      case PONG -> {}
      case REQUEST, ACK, INTERRUPT, KIND_NOT_SET ->
          log.warn("{}: dropped an unexpected {} frame", client.target(), frame.getKindCase());
    }
  }

  @Override
  public void onError(Throwable t) {
    RemoteFailure r = refusal;
    Throwable local = Status.fromThrowable(t).getCause();
    if (r == null && local instanceof Error e) {
      // Thrown on this side, in a callback of the stream (gRPC cancelled the call for it).
      end(RemoteFailure.from(e).withRetryable(false), false, e);
      return;
    }
    end(
        r != null
            ? r
            : lost("the connection was lost: " + Protocol.describe(Status.fromThrowable(t))),
        false,
        null);
  }

  @Override
  public void onCompleted() {
    RemoteFailure r = refusal;
    end(r != null ? r : lost("the server closed the connection"), false, null);
  }

  private void onHello(Hello hello) {
    if (open) {
      log.warn("{}: dropped a second Hello", client.target());
      return;
    }
    String incompatibility = Protocol.incompatibility(client.protocolVersion, hello);
    if (incompatibility != null) {
      abort(RemoteFailure.of(Kind.BAD_REQUEST, incompatibility));
      return;
    }
    open = true;
    client.opened(this, hello);
  }

  private void onExit(Exit exit) {
    if (exit.getCallId() == Protocol.CONNECTION) {
      refusal =
          Frames.failure(exit.getFailure()); // the server refused us; the stream's end follows
      return;
    }
    PendingCall call = calls.get(exit.getCallId());
    if (call == null) {
      log.debug(
          "{}: dropped the exit of unknown call {} (late, or bogus)",
          client.target(),
          exit.getCallId());
      return;
    }
    call.exit(exit);
  }

  private void onChunk(ReplyChunk chunk) {
    PendingCall call = calls.get(chunk.getCallId());
    if (call == null) {
      log.debug("{}: dropped a chunk of unknown call {}", client.target(), chunk.getCallId());
      return;
    }
    call.onChunk(chunk);
  }

  /** Ends the session once; {@code cause}: the unexpected throwable behind {@code why}, or null. */
  private void end(RemoteFailure why, boolean cancel, Throwable cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (writer != null) { // null when the stream never started
      try {
        writer.close(
            cancel
                ? o -> ((ClientCallStreamObserver<Frame>) o).cancel(why.message(), cause)
                : o -> {},
            false);
      } catch (RuntimeException | Error e) {
        log.debug("{}: closing the stream failed: {}", client.target(), e.toString());
      }
    }
    for (PendingCall call : List.copyOf(calls.values())) {
      call.fail(why);
    }
    calls.clear();
    client.lost(this, why, cause);
  }

  private static RemoteFailure lost(String message) {
    return RemoteFailure.of(Kind.UNAVAILABLE, message);
  }
}
