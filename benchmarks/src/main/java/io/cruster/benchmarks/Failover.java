package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.Sharding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Failover after {@code kill -9}: {@value #RUNNERS} node JVMs ({@link NodeProcess.Jvm#SHORT_LIVED})
 * on a lease TTL of {@link #LEASE_TTL}, and a client-only runner in the harness's JVM. Each round
 * waits until the cluster has settled, asks an entity which runner serves it ({@link
 * EchoEntity.Locate}), makes a call to it, then kills that runner's JVM with SIGKILL and, from the
 * instant of the kill, calls the entity again and again (each call bounded by {@link
 * #PROBE_TIMEOUT}; a failed call is followed by the next 5 ms later) until one succeeds. The figure
 * is the time from the kill to that success; the round also logs when the harness's runner saw the
 * dead runner leave its view of the cluster (its lease expired in etcd). A fresh node JVM then
 * takes the dead one's place for the next round.
 *
 * <p>A call made while the shard has no live owner is retried inside the library with a backoff of
 * up to 500 ms, so a figure can be up to that much later than the moment the new owner could serve.
 */
final class Failover {
  static final int RUNNERS = 3;
  static final Duration LEASE_TTL = Duration.ofSeconds(3);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
  private static final Duration VIEW_POLL = Duration.ofMillis(20);
  private static final Duration FAILED_CALL_PAUSE = Duration.ofMillis(5);
  private static final int BRIEF_CHARS = 240;

  /**
   * One round: kill to first successful call, and kill to the dead runner leaving the harness's
   * view.
   */
  record Round(Duration recovery, Duration leftView) implements java.io.Serializable {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%.2f s (left the view at %.2f s)", seconds(recovery), seconds(leftView));
    }
  }

  private Failover() {}

  /** Runs {@code rounds} rounds on a fresh cluster; blocks. */
  static List<Round> measure(String jdbcUrl, List<String> etcd, int rounds) {
    try (BenchCluster cluster = BenchCluster.create(jdbcUrl, etcd, LEASE_TTL)) {
      List<NodeProcess> live =
          new ArrayList<>(cluster.startNodes(RUNNERS, NodeProcess.Jvm.SHORT_LIVED, false));
      Sharding caller = cluster.startCaller();
      EntityClient echoes = caller.client(EchoEntity.TYPE);
      EchoEntity.Echo echo = new EchoEntity.Echo(ClusterBenchmarks.payload());
      List<Round> out = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        cluster.awaitSettled(caller, live, SETTLE_TIMEOUT);
        String id = "failover-" + round;
        String owner = echoes.call(id, new EchoEntity.Locate());
        NodeProcess victim =
            live.stream()
                .filter(n -> n.address().equals(owner))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ScenarioFailedException(
                            id + " is served by " + owner + ", which is none of " + live));
        echoes.call(id, echo);
        long killed = System.nanoTime();
        victim.kill();
        Round r = recover(caller, echoes, id, echo, owner, killed);
        System.err.printf(
            Locale.ROOT,
            "  round %d: killed %s (%s, serving %s); dead runner left the caller's view after %.2f s, "
                + "a call to %s succeeded after %.2f s%n",
            round,
            victim.name(),
            owner,
            id,
            seconds(r.leftView()),
            id,
            seconds(r.recovery()));
        out.add(r);
        live.remove(victim);
        if (round < rounds) {
          live.addAll(cluster.startNodes(1, NodeProcess.Jvm.SHORT_LIVED, false));
        }
      }
      return out;
    }
  }

  private static Round recover(
      Sharding caller,
      EntityClient echoes,
      String id,
      EchoEntity.Echo echo,
      String dead,
      long killed) {
    CompletableFuture<Long> leftView = new CompletableFuture<>();
    Thread watcher =
        Thread.ofVirtual()
            .name("failover-view")
            .start(
                () -> {
                  while (!leftView.isDone()
                      && System.nanoTime() - killed < RECOVERY_LIMIT.toNanos()) {
                    if (!inView(caller, dead)) {
                      leftView.complete(System.nanoTime());
                    }
                    LockSupport.parkNanos(VIEW_POLL.toNanos());
                  }
                });
    try {
      CallOptions probe = CallOptions.timeout(PROBE_TIMEOUT);
      int failed = 0;
      while (System.nanoTime() - killed < RECOVERY_LIMIT.toNanos()) {
        long t0 = System.nanoTime();
        try {
          echoes.call(id, echo, probe);
          long recovered = System.nanoTime();
          long left =
              Await.future(
                  leftView, RECOVERY_LIMIT, "the harness's runner seeing " + dead + " leave");
          return new Round(Duration.ofNanos(recovered - killed), Duration.ofNanos(left - killed));
        } catch (RuntimeException e) {
          failed++;
          if (failed <= 3) {
            System.err.printf(
                Locale.ROOT,
                "  %.2f s after the kill, a call failed after %.2f s: %s%n",
                (System.nanoTime() - killed) / 1e9,
                (System.nanoTime() - t0) / 1e9,
                brief(e));
          }
          LockSupport.parkNanos(
              FAILED_CALL_PAUSE.toNanos()); // no busy loop if a failure comes at once
        }
      }
      throw new ScenarioFailedException(
          "no call to "
              + id
              + " succeeded within "
              + RECOVERY_LIMIT.toSeconds()
              + " s of killing its runner "
              + dead);
    } finally {
      leftView.complete(0L);
      watcher.interrupt();
    }
  }

  /**
   * The exception's type and the first line of its message, at most {@value #BRIEF_CHARS}
   * characters.
   */
  private static String brief(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline) + " ...";
    message =
        message.length() <= BRIEF_CHARS ? message : message.substring(0, BRIEF_CHARS) + " ...";
    return e.getClass().getSimpleName() + ": " + message;
  }

  private static boolean inView(Sharding caller, String address) {
    return caller.status().runners().stream().anyMatch(r -> r.address().equals(address));
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
