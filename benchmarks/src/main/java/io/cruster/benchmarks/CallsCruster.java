package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.Sharding;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cross-node entity rpcs on Cruster: a runner in the harness's JVM that hosts no shard ({@code
 * shardGroups} empty) calls {@link EchoEntity.Echo} with a {@value
 * ClusterBenchmarks#PAYLOAD_BYTES}-byte payload on entities that all live in the node JVM of the
 * calls scenarios, so every call crosses the runners' gRPC stream between the two JVMs. Sequential:
 * the harness's thread makes blocking {@code client.call}s to one entity, one at a time, each
 * timed. Pipelined: the harness's thread keeps {@value ClusterBenchmarks#WINDOW} {@code
 * client.callAsync}s in flight over {@value #ENTITIES} entities (a semaphore of that many permits,
 * released as each reply arrives). Every reply is checked for size.
 */
final class CallsCruster implements Workload {
  static final int ENTITIES = 1_000;

  private final Sharding runner;
  private final EntityClient echoes;
  private final EchoEntity.Echo echo = new EchoEntity.Echo(ClusterBenchmarks.payload());
  private final String[] ids = new String[ENTITIES];
  private final int window; // 0: one call at a time

  private CallsCruster(BenchCluster cluster, int window) {
    this.runner = cluster.startCaller();
    this.echoes = runner.client(EchoEntity.TYPE);
    this.window = window;
    for (int i = 0; i < ENTITIES; i++) {
      ids[i] = "echo-" + i;
    }
  }

  /** One blocking call at a time, latencies recorded. */
  static Workload sequential(BenchCluster cluster) {
    return new CallsCruster(cluster, 0);
  }

  /** {@code window} async calls in flight. */
  static Workload pipelined(BenchCluster cluster, int window) {
    return new CallsCruster(cluster, window);
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
      byte[] reply = echoes.call(ids[0], echo);
      latencies[i] = System.nanoTime() - t0;
      check(reply);
    }
    return new Sample(n, System.nanoTime() - start, latencies);
  }

  private Sample pipelined(long n) {
    Semaphore permits = new Semaphore(window);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (long i = 0; i < n && failure.get() == null; i++) {
      acquire(permits, 1, n);
      echoes
          .callAsync(ids[(int) (i % ENTITIES)], echo)
          .whenComplete(
              (reply, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                } else if (reply.length != ClusterBenchmarks.PAYLOAD_BYTES) {
                  failure.compareAndSet(
                      null,
                      new ScenarioFailedException(
                          "Cruster echo replied " + reply.length + " bytes"));
                }
                permits.release();
              });
    }
    acquire(permits, window, n);
    long elapsed = System.nanoTime() - start;
    Throwable t = failure.get();
    if (t != null) {
      throw new ScenarioFailedException("Cruster pipelined calls: a call failed: " + t, t);
    }
    return Sample.of(n, elapsed);
  }

  private static void acquire(Semaphore permits, int count, long n) {
    try {
      if (!permits.tryAcquire(count, Await.BATCH.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ScenarioFailedException(
            "Cruster pipelined calls ("
                + n
                + "): no reply within "
                + Await.BATCH.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioFailedException("Cruster pipelined calls were interrupted");
    }
  }

  private static void check(byte[] reply) {
    if (reply.length != ClusterBenchmarks.PAYLOAD_BYTES) {
      throw new ScenarioFailedException(
          "Cruster echo replied "
              + reply.length
              + " bytes instead of "
              + ClusterBenchmarks.PAYLOAD_BYTES);
    }
  }

  @Override
  public void close() {
    runner.close();
  }
}
