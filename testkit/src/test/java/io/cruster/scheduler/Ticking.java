package io.cruster.scheduler;

import static org.awaitility.Awaitility.await;

import io.cruster.scheduler.internal.CronRunner;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Waiting helpers for cron tests. A schedule's runner saves a tick, then sleeps on the manual clock
 * until just after it; tests wait for that sleep before moving the clock, so the clock never moves
 * under a runner that is still working and every run is deterministic.
 */
final class Ticking {
  /** How long a condition that should come true may take. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  /** How long a condition that should stay true is watched. */
  static final Duration QUIET = Duration.ofMillis(200);

  private Ticking() {}

  /** Waits until the runner has saved {@code tick} and sleeps until just after it. */
  static void untilSaved(TestCluster cluster, Instant tick) {
    Instant wake = tick.plus(CronRunner.WAKE_DELAY);
    await().atMost(PATIENCE).until(() -> cluster.clock().dueTimes().contains(wake));
  }

  /**
   * Waits until {@code tick} is saved, then moves the clock to just after it: the tick falls due
   * and the runner wakes.
   */
  static void runThrough(TestCluster cluster, Instant tick) {
    untilSaved(cluster, tick);
    cluster
        .clock()
        .advance(Duration.between(cluster.clock().now(), tick.plus(CronRunner.WAKE_DELAY)));
  }

  /** Waits until {@code condition} holds. */
  static void until(Callable<Boolean> condition) {
    await().atMost(PATIENCE).until(condition);
  }

  /**
   * Waits until {@code list} stops growing (the same size for {@link #QUIET}), then returns a copy
   * of it.
   */
  static <T> List<T> settled(List<T> list) {
    int[] last = {-1};
    await()
        .atMost(PATIENCE)
        .pollDelay(Duration.ZERO)
        .pollInterval(QUIET)
        .until(
            () -> {
              int size = list.size();
              boolean same = size == last[0];
              last[0] = size;
              return same;
            });
    return List.copyOf(list);
  }

  /** Checks that {@code condition} holds, and keeps holding for a while. */
  static void stays(Callable<Boolean> condition) {
    await().during(QUIET).atMost(QUIET.multipliedBy(5)).until(condition);
  }
}
