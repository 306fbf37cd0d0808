package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.samples.cluster.RunnerCluster.Runner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recovery without a person: after an etcd outage longer than the lease, and after a PostgreSQL
 * restart, the runners serve again on their own, without being restarted, and nothing acknowledged
 * is lost.
 */
class RecoveryIT extends ClusterTest {
  private final AtomicInteger keys = new AtomicInteger();

  /** A deposit of 1 through {@code r} with a fresh key; true if acknowledged. */
  private boolean deposit(Runner r, String account) {
    try {
      r.get("/deposit?id=" + account + "&amount=1&key=recovery-" + keys.incrementAndGet());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  @Timeout(300)
  void runnersFencedByAnEtcdOutageLongerThanTheLeaseRejoinAndServeOnTheirOwn() throws Exception {
    List<Runner> runners = cluster.start(2);
    cluster.awaitSettled(runners, RunnerCluster.START);
    for (Runner r : runners) {
      assertTrue(deposit(r, "a-" + r.id()), r + " serves before the outage");
    }

    long etcd = Faults.etcdPid();
    Faults.signal("STOP", etcd);
    try {
      // Past the lease, so that every runner fences itself; the outage itself, not a wait.
      Thread.sleep(TTL.plusSeconds(2).toMillis());
    } finally {
      Faults.signal("CONT", etcd);
    }
    long back = System.nanoTime();

    for (Runner r : runners) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> deposit(r, "b-" + r.id()));
    }
    System.out.printf(
        "etcd outage: every runner served again %.1f s after etcd returned%n",
        (System.nanoTime() - back) / 1e9);
    cluster.awaitSettled(runners, Duration.ofSeconds(60));
    assertTrue(runners.stream().allMatch(r -> r.jvm().isAlive()), "nobody was restarted");
  }

  @Test
  @Timeout(300)
  void callsFailRetryablyWhilePostgresRestartsAndSucceedAfterwardsWithoutARestart()
      throws Exception {
    List<Runner> runners = cluster.start(2);
    cluster.awaitSettled(runners, RunnerCluster.START);
    Runner r = runners.get(0);
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      attempts.incrementAndGet();
      assertTrue(deposit(r, "pg"));
      acknowledged.incrementAndGet();
    }

    Faults.services("restart-postgres");

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              attempts.incrementAndGet();
              return deposit(r, "pg");
            });
    acknowledged.incrementAndGet();
    long balance = Long.parseLong(r.get("/balance?id=pg"));
    assertTrue(
        balance >= acknowledged.get() && balance <= attempts.get(),
        "every acknowledged deposit is there (a failed one may have landed too): balance "
            + balance
            + ", acknowledged "
            + acknowledged
            + ", attempted "
            + attempts);
    assertTrue(r.jvm().isAlive(), "the runner healed without a restart");
  }
}
