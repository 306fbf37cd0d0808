package io.cruster.sharding;

import static org.awaitility.Awaitility.await;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Waiting helpers for tests that drive a {@link TestCluster}'s manual clock while workflows run on
 * other threads.
 */
final class Waiting {
  /** How long a condition that should come true may take. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  /** How long a condition that should stay true is watched. */
  static final Duration QUIET = Duration.ofMillis(200);

  private Waiting() {}

  /**
   * Waits until something (a durable sleep, a retry backoff) has scheduled a timer due exactly at
   * {@code at}.
   */
  static void untilTimerAt(TestCluster cluster, Instant at) {
    await().atMost(PATIENCE).until(() -> cluster.clock().dueTimes().contains(at));
  }

  /** Waits until {@code condition} holds. */
  static void until(Callable<Boolean> condition) {
    await().atMost(PATIENCE).until(condition);
  }

  /** Checks that {@code condition} holds, and keeps holding for a while. */
  static void stays(Callable<Boolean> condition) {
    await().during(QUIET).atMost(QUIET.multipliedBy(5)).until(condition);
  }

  /**
   * Advances the clock by {@code step} at a time until {@code condition} holds, for processes
   * (retries with backoff, restarted singletons) whose exact timer instants the test does not care
   * about.
   */
  static void advanceUntil(TestCluster cluster, Duration step, Callable<Boolean> condition) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (condition.call()) {
                return true;
              }
              cluster.clock().advance(step);
              return condition.call();
            });
  }
}
