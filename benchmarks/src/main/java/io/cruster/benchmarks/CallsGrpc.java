package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.benchmarks.proto.EchoGrpc;
import io.cruster.benchmarks.proto.Payload;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Round trips over raw grpc-java, the peer of {@link CallsCruster}: one channel from the harness's
 * JVM to the raw echo server in the node JVM of the calls scenarios ({@link RawGrpc}, {@code
 * directExecutor()} on both sides), and on it one bidi {@code Ping} stream for the whole workload,
 * carrying messages of {@value ClusterBenchmarks#PAYLOAD_BYTES} bytes. Sequential: the harness's
 * thread writes one message and blocks on a future that the stream's response callback completes on
 * the event loop, as a blocking {@code client.call} waits for its reply; each round trip timed.
 * Pipelined: the harness's thread keeps {@value ClusterBenchmarks#WINDOW} messages in flight on the
 * one stream (a semaphore of that many permits, released by the response callback as each echo
 * arrives).
 */
final class CallsGrpc implements Workload {
  private static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final StreamObserver<Payload> requests;
  private final Payload message = RawGrpc.payload(ClusterBenchmarks.payload());
  private final int window; // 0: one round trip at a time
  private final Semaphore permits;
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile CompletableFuture<Payload>
      pending; // sequential: the round trip waiting for its echo

  private CallsGrpc(int port, int window) {
    this.channel = RawGrpc.channel(port);
    this.window = window;
    this.permits = new Semaphore(window);
    this.requests = EchoGrpc.newStub(channel).ping(new Replies());
  }

  /** One round trip at a time on one stream, latencies recorded. */
  static Workload sequential(int port) {
    return new CallsGrpc(port, 0);
  }

  /** {@code window} messages in flight on one stream. */
  static Workload pipelined(int port, int window) {
    return new CallsGrpc(port, window);
  }

  @Override
  public Sample run(long n) {
    return window == 0 ? sequential(n) : pipelined(n);
  }

  private Sample sequential(long n) {
    long[] latencies = new long[Math.toIntExact(n)];
    long start = System.nanoTime();
    for (int i = 0; i < latencies.length; i++) {
      long t0 = System.nanoTime();
      CompletableFuture<Payload> reply = new CompletableFuture<>();
      pending = reply;
      requests.onNext(message);
      Payload echo = Await.future(reply, ROUND_TRIP_TIMEOUT, "a raw gRPC round trip");
      latencies[i] = System.nanoTime() - t0;
      check(echo);
    }
    return new Sample(n, System.nanoTime() - start, latencies);
  }

  private Sample pipelined(long n) {
    long start = System.nanoTime();
    for (long i = 0; i < n && failure.get() == null; i++) {
      acquire(1, n);
      requests.onNext(message);
    }
    acquire(window, n);
    permits.release(window);
    long elapsed = System.nanoTime() - start;
    Throwable t = failure.get();
    if (t != null) {
      throw new ScenarioFailedException("raw gRPC pipelined stream failed: " + t, t);
    }
    return Sample.of(n, elapsed);
  }

  private void acquire(int count, long n) {
    try {
      if (!permits.tryAcquire(count, Await.BATCH.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ScenarioFailedException(
            "raw gRPC pipelined stream ("
                + n
                + " messages): no echo within "
                + Await.BATCH.toSeconds()
                + " s; "
                + received.get()
                + " echoes so far");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioFailedException("raw gRPC pipelined stream was interrupted");
    }
  }

  private static void check(Payload reply) {
    if (reply.getData().size() != ClusterBenchmarks.PAYLOAD_BYTES) {
      throw new ScenarioFailedException(
          "raw gRPC echo replied "
              + reply.getData().size()
              + " bytes instead of "
              + ClusterBenchmarks.PAYLOAD_BYTES);
    }
  }

  @Override
  public void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException e) {
      // the stream failed already (the failure was reported); the channel still closes
    }
    RawGrpc.close(channel);
  }

  /** The echoes, on the channel's event loop, in order. */
  private final class Replies implements StreamObserver<Payload> {
    @Override
    public void onNext(Payload reply) {
      received.incrementAndGet();
      if (window == 0) {
        CompletableFuture<Payload> p = pending;
        pending = null;
        if (p == null || !p.complete(reply)) {
          failure.compareAndSet(
              null, new IllegalStateException("an echo arrived with no round trip waiting for it"));
        }
        return;
      }
      if (reply.getData().size() != ClusterBenchmarks.PAYLOAD_BYTES) {
        failure.compareAndSet(
            null,
            new ScenarioFailedException(
                "raw gRPC echo replied " + reply.getData().size() + " bytes"));
      }
      permits.release();
    }

    @Override
    public void onError(Throwable t) {
      failure.compareAndSet(null, t);
      CompletableFuture<Payload> p = pending;
      if (p != null) {
        p.completeExceptionally(t);
      }
      permits.release(Math.max(window, 1));
    }

    @Override
    public void onCompleted() {
      onError(new ScenarioFailedException("the raw gRPC echo server closed the stream"));
    }
  }
}
