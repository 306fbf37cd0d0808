package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.internal.ShardHash;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner frozen (SIGSTOP) for longer than its lease while the other serves steady load, then
 * continued (SIGCONT): an operator's bad day (a long GC pause, a VM migration). Eight clients
 * deposit into {@value #ACCOUNTS} accounts through runner B with idempotency keys, each retried
 * with its key until acknowledged. Checked: the slowest call stays within the lease TTL + 2 s
 * (calls waiting on the frozen runner move on with its shards), every acknowledged deposit is
 * applied once, no version conflict is logged on either runner, the resumed runner runs no handler
 * before it holds shards again (it lost them all while frozen) and then serves again as a new
 * incarnation. Prints {@code pause: ...} with the figures.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PauseIT extends ClusterTest {
  private static final Duration LEASE_TTL = Duration.ofSeconds(3);

  /** The fence window of a runner with that TTL: TTL minus the fence margin (1 s). */
  private static final Duration FENCE_WINDOW = LEASE_TTL.minusSeconds(1);

  private static final Duration PAUSE = Duration.ofSeconds(8);
  private static final int ACCOUNTS = 40;
  private static final int CLIENTS = 8;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private record Ack(String account, long sentNanos, long ackNanos) {}

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong keys = new AtomicLong();
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // key -> account
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final AtomicLong failedAttempts = new AtomicLong();

  @Override
  Duration ttl() {
    return LEASE_TTL;
  }

  @Test
  void aFrozenRunnersCallsMoveOnWithItsShardsAndItRunsNothingItLost() throws Exception {
    List<Runner> two = cluster.start(2);
    cluster.awaitSettled(two, WAIT);
    Runner a = two.get(0);
    Runner b = two.get(1);
    String incarnationBefore = incarnation(a);
    Map<ShardId, String> owners = cluster.owners();
    List<String> onA = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      ShardId shard = ShardHash.shardOf("default", "acct-" + i, RunnerCluster.SHARDS);
      if (a.address().equals(owners.get(shard))) {
        onA.add("acct-" + i);
      }
    }

    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(Thread.ofVirtual().start(() -> depositUntilStopped(b)));
    }
    await().atMost(WAIT).until(() -> acknowledged.size() >= 200); // steady load, warmed up
    long steadyNanos = System.nanoTime(); // calls sent from now on count (not the cold start's)

    Instant stoppedAt = Instant.now();
    long stoppedNanos = System.nanoTime();
    Faults.signal("STOP", a.jvm().pid());
    Thread.sleep(PAUSE.toMillis()); // the fault itself, not a wait for a condition
    Instant resumedAt = Instant.now();
    long resumedNanos = System.nanoTime();
    Faults.signal("CONT", a.jvm().pid());

    // It fenced itself, lost every shard, and joins again as a new incarnation. A read of the
    // locks that finds none of A's proves A held no shard when it began: the start of the last
    // such read bounds the window in which A may run nothing (a handler run after it may belong
    // to shards A has taken again before the next read shows them).
    java.util.concurrent.atomic.AtomicReference<Instant> notHoldingAt =
        new java.util.concurrent.atomic.AtomicReference<>(resumedAt);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              Instant readAt = Instant.now();
              boolean holds = cluster.owners().containsValue(a.address());
              if (!holds) {
                notHoldingAt.set(readAt);
              }
              return holds;
            });
    Instant holdsAgainAt = Instant.now();
    String incarnationAfter = incarnation(a);
    long acksBeforeResumedServes = acks.size();
    await().atMost(WAIT).until(() -> acks.size() >= acksBeforeResumedServes + 200);
    running.set(false);
    for (Thread t : clients) {
      t.join(WAIT.toMillis());
    }

    long slowest =
        acks.stream()
            .filter(k -> k.sentNanos() - steadyNanos > 0)
            .mapToLong(k -> k.ackNanos() - k.sentNanos())
            .max()
            .orElse(0);
    long slowestAfterResume =
        acks.stream()
            .filter(k -> k.sentNanos() - resumedNanos > 0)
            .mapToLong(k -> k.ackNanos() - k.sentNanos())
            .max()
            .orElse(0);
    long duringPause =
        acks.stream()
            .filter(k -> k.ackNanos() - stoppedNanos > 0 && k.ackNanos() - resumedNanos < 0)
            .count();
    long firstAckAfterStop =
        acks.stream()
            .filter(k -> k.sentNanos() - stoppedNanos > 0)
            .mapToLong(k -> k.ackNanos() - stoppedNanos)
            .min()
            .orElse(-1);
    // Recovery: from the stop until every account of the frozen runner has acknowledged a
    // deposit sent after the stop (its shards have moved and serve again).
    long recovered = 0;
    for (String account : onA) {
      long first =
          acks.stream()
              .filter(k -> k.account().equals(account) && k.sentNanos() - stoppedNanos > 0)
              .mapToLong(k -> k.ackNanos() - stoppedNanos)
              .min()
              .orElse(Long.MAX_VALUE);
      recovered = Math.max(recovered, first);
    }
    long earlyRuns =
        cluster.db.number(
            "SELECT count(*) FROM handler_runs WHERE runner = ? AND at > ? AND at < ?",
            a.id(),
            Timestamp.from(stoppedAt.plus(FENCE_WINDOW)),
            Timestamp.from(notHoldingAt.get()));
    String transcripts = cluster.transcripts();
    int conflicts = transcripts.split("version conflict", -1).length - 1;
    System.out.printf(
        "pause: %d acknowledged (%d during the %d s pause), slowest call %.2f s (%.2f s of those"
            + " sent after SIGCONT), first ack after the stop %.2f s, %d accounts of the paused runner all served again %.2f s after"
            + " the stop, %d failed attempts, %d handler"
            + " runs on the paused runner after its lease deadline and before it held shards"
            + " again, %d version conflicts, rejoined %.2f s after SIGCONT%n",
        acknowledged.size(),
        duringPause,
        PAUSE.toSeconds(),
        slowest / 1e9,
        slowestAfterResume / 1e9,
        firstAckAfterStop / 1e9,
        onA.size(),
        recovered / 1e9,
        failedAttempts.get(),
        earlyRuns,
        conflicts,
        Duration.between(resumedAt, holdsAgainAt).toMillis() / 1000.0);

    System.out.println(
        "pause: slowest calls (sent s after the stop, took s, account): "
            + acks.stream()
                .filter(k -> k.sentNanos() - steadyNanos > 0)
                .sorted(
                    (x, y) ->
                        Long.compare(y.ackNanos() - y.sentNanos(), x.ackNanos() - x.sentNanos()))
                .limit(5)
                .map(
                    k ->
                        String.format(
                            "%.2f %.2f %s",
                            (k.sentNanos() - stoppedNanos) / 1e9,
                            (k.ackNanos() - k.sentNanos()) / 1e9,
                            k.account()))
                .toList());
    try {
      check(
          b,
          slowest,
          incarnationBefore,
          incarnationAfter,
          earlyRuns,
          conflicts,
          duringPause,
          recovered);
    } catch (AssertionError e) {
      System.out.println(transcripts);
      throw e;
    }
    cluster.frozen(a, stoppedAt, FENCE_WINDOW);
  }

  private void check(
      Runner b,
      long slowest,
      String incarnationBefore,
      String incarnationAfter,
      long earlyRuns,
      int conflicts,
      long duringPause,
      long recovered) {
    assertEquals(0, earlyRuns, "the resumed runner ran handlers for shards it had lost");
    assertEquals(0, conflicts, "no entity ran on two runners");
    assertNotEquals(incarnationBefore, incarnationAfter, "serves again as a new incarnation");
    assertTrue(
        slowest <= LEASE_TTL.plusSeconds(2).toNanos(),
        "slowest call " + slowest / 1e9 + " s, over the lease TTL + 2 s");
    assertTrue(duringPause > 0, "deposits were acknowledged during the pause");
    assertTrue(
        recovered < PAUSE.toNanos(),
        "the frozen runner's accounts were served again before it resumed");
    for (int i = 0; i < ACCOUNTS; i++) {
      String account = "acct-" + i;
      long expected = acknowledged.values().stream().filter(account::equals).count();
      assertEquals(
          expected,
          Long.parseLong(b.get("/balance?id=" + account)),
          account + ": every acknowledged deposit applied once");
    }
  }

  /** Deposits 1 with fresh keys through {@code via}; each key retried until acknowledged. */
  private void depositUntilStopped(Runner via) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      String key = "d-" + keys.incrementAndGet();
      String account = "acct-" + random.nextInt(ACCOUNTS);
      long sent = System.nanoTime();
      while (true) {
        try {
          via.get("/deposit?id=" + account + "&amount=1&key=" + key);
          long now = System.nanoTime();
          acknowledged.put(key, account);
          acks.add(new Ack(account, sent, now));
          break;
        } catch (RuntimeException e) {
          failedAttempts.incrementAndGet();
          if (System.nanoTime() - sent > WAIT.toNanos()) {
            throw new AssertionError("deposit " + key + " not acknowledged within " + WAIT, e);
          }
        }
      }
    }
  }

  /** The runner's current incarnation, from the first line of its status. */
  private static String incarnation(Runner r) {
    String first = r.get("/status").lines().findFirst().orElseThrow();
    String self = first.split(" ")[1];
    return self.endsWith(":") ? self.substring(0, self.length() - 1) : self;
  }
}
