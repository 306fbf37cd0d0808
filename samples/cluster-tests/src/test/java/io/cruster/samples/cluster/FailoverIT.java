package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.internal.ShardHash;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner killed with {@code kill -9} under load: who takes over, how fast, and what becomes of
 * its work.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailoverIT extends ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aKilledRunnersShardsAreOwnedAgainWithinTheLeaseTtlAndItsWorkFinishesElsewhere()
      throws Exception {
    List<Runner> three = cluster.start(3);
    Map<ShardId, String> owners = cluster.awaitSettled(three, WAIT);

    // The victim runs the heartbeat singleton, a workflow, and holds unprocessed persisted
    // messages.
    await().atMost(WAIT).until(() -> cluster.db.number("SELECT count(*) FROM heartbeats") > 0);
    String singletonAt =
        (String)
            cluster
                .db
                .query("SELECT runner FROM heartbeats ORDER BY at DESC LIMIT 1")
                .get(0)
                .get(0);
    Runner victim = cluster.byId(singletonAt);
    List<Runner> survivors = new ArrayList<>(three);
    survivors.remove(victim);
    List<String> pipelines = idsOwnedBy(owners, victim, "pipe-", 1);
    List<String> accountsThere = idsOwnedBy(owners, victim, "victim-acct-", 20);

    EntityClient accounts = cluster.client().client(Account.TYPE);
    Instant later = Instant.now().plusSeconds(2);
    for (String id : accountsThere) {
      accounts.notifyAt(id, new Account.Deposit(1), later); // saved now, due after the kill
    }

    // Load through the test's own runner, over every shard, all along.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int caller = t;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; running.get(); i++) {
                      try {
                        accounts.call("load-" + ((caller * 53 + i) % 100), new Account.Deposit(1));
                        ok.incrementAndGet();
                      } catch (RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    await().atMost(WAIT).until(() -> ok.get() > 50);
    assertEquals(
        "STARTED", victim.get("/run?id=" + pipelines.get(0) + "&run=r1&steps=6&pause=1500"));
    await()
        .atMost(WAIT)
        .until(() -> cluster.db.number("SELECT count(*) FROM step_runs WHERE run_id = 'r1'") >= 2);

    Instant killedAt = cluster.kill(victim);
    for (String id : accountsThere) {
      accounts.notify(id, new Account.Deposit(10)); // saved while nobody serves the entity
    }
    cluster.awaitSettled(survivors, WAIT);
    Duration failover = Duration.between(killedAt, Instant.now());
    System.out.printf(
        "failover after kill -9: every shard owned again %d ms after the kill (lease TTL %d s)%n",
        failover.toMillis(), TTL.toSeconds());
    assertTrue(
        failover.compareTo(TTL.plusSeconds(2)) <= 0,
        "shards owned again within TTL + 2 s: " + failover);

    // Its unprocessed persisted messages are processed by the new owners, each once.
    for (String id : accountsThere) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertEquals(11L, accounts.call(id, new Account.Balance()), id));
      assertEquals(2, accounts.call(id, new Account.Deposits()), id + ": each deposit once");
    }
    // Its workflow completes on another runner, each activity run once.
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.db.number("SELECT count(DISTINCT step) FROM step_runs WHERE run_id = 'r1'")
                    == 6);
    assertEquals(
        6,
        cluster.db.number("SELECT count(*) FROM step_runs WHERE run_id = 'r1'"),
        "each step ran exactly once");
    assertTrue(
        cluster.db.number(
                "SELECT count(*) FROM step_runs WHERE run_id = 'r1' AND runner <> ?", victim.id())
            > 0,
        "the workflow went on elsewhere");
    // Its singleton restarts on a survivor.
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.db.number(
                        "SELECT count(*) FROM heartbeats WHERE at > ? AND runner <> ?",
                        Timestamp.from(killedAt),
                        victim.id())
                    > 0);

    running.set(false);
    for (Thread t : callers) {
      t.join();
    }
    assertEquals(List.of(), failures, "calls waited for the failover instead of failing");
  }

  /** The first {@code count} ids {@code prefix + i} whose shard {@code runner} owns. */
  private static List<String> idsOwnedBy(
      Map<ShardId, String> owners, Runner runner, String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < count; i++) {
      String id = prefix + i;
      if (owners
          .get(ShardHash.shardOf("default", id, RunnerCluster.SHARDS))
          .equals(runner.address())) {
        out.add(id);
      }
    }
    return out;
  }
}
