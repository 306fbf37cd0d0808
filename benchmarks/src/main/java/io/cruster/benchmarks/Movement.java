package io.cruster.benchmarks;

import io.cruster.sharding.Sharding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shard movement on a join and on a graceful leave: {@value #RUNNERS} node JVMs ({@link
 * NodeProcess.Jvm#SHORT_LIVED}) settle, a 4th joins, and once the cluster has settled again the
 * first of the original three leaves gracefully (closing its stdin makes it {@code close()}), and
 * the cluster settles a third time. Ownership is read from the shard locks in etcd ({@link
 * BenchCluster#owners()}) at each settled point, over all {@value BenchCluster#SHARDS} shards of
 * the default group, and compared: the fraction of shards whose owner changed. Weighted rendezvous
 * hashing should move only what it must: on the join, the shards the newcomer takes (ideally 1/4,
 * all to the newcomer); on the leave, exactly the leaver's shards.
 */
final class Movement {
  static final int RUNNERS = 3;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

  /**
   * What moved. Join: the fraction of shards whose owner changed, how many of them went to the
   * newcomer, and the ideal share. Leave: the fraction moved, the leaver's share before it left,
   * and how long its {@code close()} took.
   */
  record Result(
      double joinMoved,
      double joinToNewcomer,
      double joinIdeal,
      double leaveMoved,
      double leaverShare,
      Duration leaveTook)
      implements java.io.Serializable {}

  private Movement() {}

  /** Runs the join and the leave on a fresh cluster; blocks. */
  static Result measure(String jdbcUrl, List<String> etcd) {
    try (BenchCluster cluster =
        BenchCluster.create(jdbcUrl, etcd, BenchCluster.DEFAULT_LEASE_TTL)) {
      List<NodeProcess> live =
          new ArrayList<>(cluster.startNodes(RUNNERS, NodeProcess.Jvm.SHORT_LIVED, false));
      Sharding observer = cluster.startCaller();
      Map<Integer, String> three = cluster.awaitSettled(observer, live, SETTLE_TIMEOUT);
      System.err.println("  " + RUNNERS + " runners settled: " + counts(three));

      long t0 = System.nanoTime();
      NodeProcess newcomer = cluster.startNodes(1, NodeProcess.Jvm.SHORT_LIVED, false).get(0);
      live.add(newcomer);
      Map<Integer, String> four = cluster.awaitSettled(observer, live, SETTLE_TIMEOUT);
      Duration joinSettled = Duration.ofNanos(System.nanoTime() - t0);
      int joinMoved = moved(three, four);
      long toNewcomer = four.values().stream().filter(newcomer.address()::equals).count();
      System.err.printf(
          Locale.ROOT,
          "  %s joined: %d of %d shards changed owner, %d now on it; settled %.1f s after its start: %s%n",
          newcomer.name(),
          joinMoved,
          BenchCluster.SHARDS,
          toNewcomer,
          Failover.seconds(joinSettled),
          counts(four));

      NodeProcess leaver = live.get(0);
      long leaverShards = four.values().stream().filter(leaver.address()::equals).count();
      t0 = System.nanoTime();
      Duration leaveTook = leaver.leave();
      live.remove(leaver);
      Map<Integer, String> after = cluster.awaitSettled(observer, live, SETTLE_TIMEOUT);
      Duration leaveSettled = Duration.ofNanos(System.nanoTime() - t0);
      int leaveMoved = moved(four, after);
      System.err.printf(
          Locale.ROOT,
          "  %s left gracefully (close() took %.1f s): %d of %d shards changed owner, it held %d; "
              + "settled %.1f s after it was asked to leave: %s%n",
          leaver.name(),
          Failover.seconds(leaveTook),
          leaveMoved,
          BenchCluster.SHARDS,
          leaverShards,
          Failover.seconds(leaveSettled),
          counts(after));
      double shards = BenchCluster.SHARDS;
      return new Result(
          joinMoved / shards,
          joinMoved == 0 ? 1.0 : toNewcomer / (double) joinMoved,
          1.0 / (RUNNERS + 1),
          leaveMoved / shards,
          leaverShards / shards,
          leaveTook);
    }
  }

  /** Shards whose owner differs between two complete ownership maps. */
  private static int moved(Map<Integer, String> before, Map<Integer, String> after) {
    int moved = 0;
    for (Map.Entry<Integer, String> e : after.entrySet()) {
      if (!e.getValue().equals(before.get(e.getKey()))) {
        moved++;
      }
    }
    return moved;
  }

  private static Map<String, Long> counts(Map<Integer, String> owners) {
    return new java.util.TreeMap<>(
        owners.values().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    a -> a, java.util.stream.Collectors.counting())));
  }
}
