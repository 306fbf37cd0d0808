package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Hello;
import io.cruster.remoting.internal.proto.Request;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one client's stream: the handshake, then requests, acks, interrupts and pings,
 * multiplexed by call id over the calls in {@link #calls}.
 *
 * <p>Concurrency: {@link #onNext} runs on the connection's event loop and never waits: it checks a
 * frame, registers the call and hands it to the {@link
 * io.cruster.remoting.internal.RequestHandler}. Inbound flow control is manual: one frame is
 * requested after each, and none while the outgoing queue is over budget (reading resumes when it
 * drains), so a client that does not read its replies cannot make the server buffer without bound.
 * Replies come from any thread through {@link ServedCall}.
 */
final class ServerStream implements StreamObserver<Frame> {
  private static final Logger log = LoggerFactory.getLogger(ServerStream.class);

  final ServerImpl server;
  final FrameWriter writer;
  private final ServerCallStreamObserver<Frame> out;
  private final ConcurrentHashMap<Long, ServedCall> calls = new ConcurrentHashMap<>();
  private final AtomicBoolean readPaused = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Hello peer;
  private volatile long lastInboundNanos = System.nanoTime();
  private final Deadlines<ServedCall> deadlines;

  ServerStream(ServerImpl server, ServerCallStreamObserver<Frame> out) {
    this.server = server;
    this.deadlines =
        new Deadlines<>(
            server.timer, calls.values(), ServedCall::backstopNanos, ServedCall::expire);
    this.out = out;
    this.writer =
        new FrameWriter(out, server.settings.sendBufferBytes(), this::resumeReading, "client");
    out.disableAutoRequest();
    out.setOnReadyHandler(writer::onReady);
    out.setOnCancelHandler(() -> end("the client went away", o -> {}));
    out.request(1);
  }

  @Override
  public void onNext(Frame frame) {
    if (ended.get()) {
      return; // a frame that raced the end of the stream
    }
    writer.ioThread(Thread.currentThread());
    lastInboundNanos = System.nanoTime();
    try {
      dispatch(frame);
    } catch (RuntimeException e) {
      log.warn(
          "{}: dropped a {} frame from {} that failed: {}",
          server.runnerAddress(),
          frame.getKindCase(),
          peerName(),
          e.toString(),
          e);
    }
    readNext();
  }

  @Override
  public void onError(Throwable t) {
    end("the stream failed: " + Protocol.describe(Status.fromThrowable(t)), o -> {});
  }

  @Override
  public void onCompleted() {
    end("the client closed the stream", StreamObserver::onCompleted);
  }

  /**
   * The server is closing: cancel every call and fail the stream, so the client reconnects
   * elsewhere.
   */
  void shutDown() {
    end(
        "the runner is shutting down",
        o ->
            o.onError(
                Status.UNAVAILABLE
                    .withDescription(server.runnerAddress() + " is shutting down")
                    .asRuntimeException()));
  }

  /**
   * Drops the stream if the client sent nothing (not even a ping) for three of its ping intervals
   * (as its Hello announced; else {@code defaultIntervalNanos}).
   */
  void dropIfSilent(long defaultIntervalNanos) {
    Hello p = peer;
    long interval =
        p != null && p.getPingIntervalMillis() > 0
            ? TimeUnit.MILLISECONDS.toNanos(p.getPingIntervalMillis())
            : defaultIntervalNanos;
    long limitNanos = 3 * interval;
    long silent = System.nanoTime() - lastInboundNanos;
    if (silent > limitNanos) {
      String why =
          "nothing from " + peerName() + " for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms";
      log.warn("{}: dropping the connection: {}", server.runnerAddress(), why);
      end(why, o -> o.onError(Status.UNAVAILABLE.withDescription(why).asRuntimeException()));
    }
  }

  /** A call sent its exit or was cancelled: it no longer counts as in flight. */
  void finished(ServedCall call) {
    calls.remove(call.id, call);
  }

  String peerName() {
    Hello p = peer;
    return p == null ? "an unidentified client" : Protocol.describe(p);
  }

  private void dispatch(Frame frame) {
    if (peer == null && frame.getKindCase() != Frame.KindCase.HELLO) {
      refuse("expected Hello as the first frame, got " + frame.getKindCase());
      return;
    }
    switch (frame.getKindCase()) {
      case HELLO -> onHello(frame.getHello());
      case REQUEST -> onRequest(frame.getRequest());
      case ACK -> {
        ServedCall call = calls.get(frame.getAck().getCallId());
        if (call != null) {
          call.acked(frame.getAck().getSequence());
        }
      }
      case INTERRUPT -> {
        ServedCall call = calls.get(frame.getInterrupt().getCallId());
        if (call != null) {
          call.cancel(Kind.TIMEOUT, "the caller interrupted the call");
        }
      }
      case PING -> writer.offerControl(Frames.pong(frame.getPing().getNonce()));
      case PONG -> {}
      case CHUNK, EXIT, KIND_NOT_SET ->
          log.warn(
              "{}: dropped an unexpected {} frame from {}",
              server.runnerAddress(),
              frame.getKindCase(),
              peerName());
    }
  }

  private void onHello(Hello hello) {
    if (peer != null) {
      log.warn("{}: dropped a second Hello from {}", server.runnerAddress(), peerName());
      return;
    }
    String incompatibility = Protocol.incompatibility(server.protocolVersion, hello);
    if (incompatibility != null) {
      refuse(incompatibility);
      return;
    }
    peer = hello;
    writer.offerControl(
        Protocol.hello(server.protocolVersion, server.runnerAddress(), server.incarnation()));
    log.debug("{}: connection from {}", server.runnerAddress(), peerName());
  }

  private void onRequest(Request r) {
    long id = r.getCallId();
    if (id <= 0) { // an Exit with id 0 would read as a refusal of the connection: drop instead
      log.warn(
          "{}: dropped a request with call id {} from {}", server.runnerAddress(), id, peerName());
      return;
    }
    String problem = Frames.problem(r);
    if (problem != null) {
      reject(id, Kind.BAD_REQUEST, "malformed request " + id + ": " + problem);
      return;
    }
    int size = r.getSerializedSize();
    if (size > server.settings.maxMessageBytes()) {
      reject(
          id,
          Kind.TOO_LARGE,
          "request "
              + id
              + " to "
              + r.getEntityType()
              + "/"
              + r.getEntityId()
              + " "
              + r.getTag()
              + " is "
              + size
              + " bytes, over the limit of "
              + server.settings.maxMessageBytes());
      return;
    }
    if (calls.size() >= server.settings.maxInFlightCalls()) {
      writer.offerControl(
          Frames.exit(
              id,
              RemoteFailure.of(
                  Kind.UNAVAILABLE,
                  server.runnerAddress()
                      + " has "
                      + calls.size()
                      + " calls in flight from this client, the most it accepts")));
      return;
    }
    RemoteCall call;
    try {
      call = Frames.call(r);
    } catch (IllegalArgumentException e) {
      reject(id, Kind.BAD_REQUEST, "malformed request " + id + ": " + e.getMessage());
      return;
    }
    ServedCall served = new ServedCall(this, id, call, r.getStreamWindow(), r.getTimeoutMillis());
    if (calls.putIfAbsent(id, served) != null) {
      reject(id, Kind.BAD_REQUEST, "call id " + id + " is already in flight on this stream");
      return;
    }
    deadlines.track(served.backstopNanos());
    try {
      server.handler.handle(call, served);
    } catch (Throwable e) {
      log.debug("{}: the handler threw on {}", server.runnerAddress(), call, e);
      served.failure(RemoteFailure.from(e));
    }
  }

  private void reject(long callId, Kind kind, String message) {
    log.warn("{}: refused a request from {}: {}", server.runnerAddress(), peerName(), message);
    writer.offerControl(Frames.exit(callId, RemoteFailure.of(kind, message)));
  }

  private void refuse(String reason) {
    log.warn("{}: refused the connection from {}: {}", server.runnerAddress(), peerName(), reason);
    writer.offerControl(Protocol.refusal(reason));
    end(
        reason,
        o -> o.onError(Status.FAILED_PRECONDITION.withDescription(reason).asRuntimeException()),
        true);
  }

  private void readNext() {
    if (ended.get()) {
      return;
    }
    if (writer.hasRoom()) {
      out.request(1);
      return;
    }
    readPaused.set(true);
    resumeReading(); // the queue may have drained between the check and the flag
  }

  private void resumeReading() {
    if (readPaused.get()
        && writer.hasRoom()
        && readPaused.compareAndSet(true, false)
        && !ended.get()) {
      out.request(1);
    }
  }

  private void end(String why, Consumer<CallStreamObserver<Frame>> last) {
    end(why, last, false);
  }

  private void end(String why, Consumer<CallStreamObserver<Frame>> last, boolean flush) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    server.streams.remove(this);
    writer.close(last, flush);
    for (ServedCall call : List.copyOf(calls.values())) {
      call.cancel(Kind.UNAVAILABLE, why);
    }
    calls.clear();
    log.debug("{}: connection from {} ended: {}", server.runnerAddress(), peerName(), why);
  }
}
