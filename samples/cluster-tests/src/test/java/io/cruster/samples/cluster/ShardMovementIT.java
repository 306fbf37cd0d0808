package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.internal.ShardHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shard ownership across runner processes: an even split, entities reached from any runner, and
 * what moves when a runner joins or leaves gracefully.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShardMovementIT extends ClusterTest {
  private static final Duration SETTLE = Duration.ofSeconds(60);

  @Test
  void threeRunnersOwnEveryShardOnceEvenlyAndAnyRunnerReachesEveryEntity() {
    List<Runner> runners = cluster.start(3);
    Map<ShardId, String> owners = cluster.awaitSettled(runners, SETTLE);
    Map<String, Long> counts = RunnerCluster.counts(owners);
    double even = RunnerCluster.SHARDS / 3.0;
    for (Runner r : runners) {
      long n = counts.get(r.address());
      assertTrue(
          Math.abs(n - even) <= 0.1 * even,
          r + " owns " + n + " shards; even is " + even + ": " + counts);
    }
    System.out.printf("shards per runner of 3: %s%n", counts.values());

    // 1,000 entities, called from the test's own runner, spread over the three by their shards.
    EntityClient accounts = cluster.client().client(Account.TYPE);
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      calls.add(accounts.callAsync("acct-" + i, new Account.Deposit(i)));
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, calls.get(i).join());
    }
    Map<String, String> liveOn = new HashMap<>();
    for (List<Object> row :
        cluster.db.query("SELECT address, runner FROM spans WHERE ended_at IS NULL")) {
      liveOn.put((String) row.get(0), (String) row.get(1));
    }
    Map<String, Long> perRunner =
        liveOn.values().stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    assertEquals(
        1000,
        liveOn.keySet().stream().filter(a -> a.startsWith("Account/")).count(),
        "accounts live: " + perRunner);
    for (Runner r : runners) {
      assertTrue(
          perRunner.getOrDefault(r.id(), 0L) > 200,
          r + " hosts its share of the entities: " + perRunner);
    }
    for (int i = 0; i < 1000; i++) {
      String id = "acct-" + i;
      String owner = owners.get(ShardHash.shardOf("default", id, RunnerCluster.SHARDS));
      assertEquals(
          cluster.live().stream()
              .filter(r -> r.address().equals(owner))
              .findFirst()
              .orElseThrow()
              .id(),
          liveOn.get("Account/" + id),
          id + " lives on the owner of its shard");
    }
    // Any runner reaches any entity: deposit through one, read through the others.
    for (int i = 0; i < 30; i++) {
      String id = "acct-" + i;
      assertEquals(
          String.valueOf(i + 100), runners.get(i % 3).get("/deposit?id=" + id + "&amount=100"));
      for (Runner r : runners) {
        assertEquals(
            String.valueOf(i + 100), r.get("/balance?id=" + id), id + " read through " + r);
      }
    }
    // The admin surface: the three runners and the test's own, which hosts no group and is assigned
    // nothing.
    String status = runners.get(0).get("/status");
    assertTrue(
        status.contains("runners (4)")
            && status.contains("live entities:")
            && status.contains("dead letters"),
        status);
    for (Runner r : runners) {
      assertTrue(status.contains(r.address() + " "), status);
    }
  }

  @Test
  void aJoinMovesAboutAQuarterAndAGracefulLeaveMovesOnlyItsShardsWithoutFailedCalls()
      throws Exception {
    List<Runner> three = cluster.start(3);
    Map<ShardId, String> before = cluster.awaitSettled(three, SETTLE);

    // Calls run all along: persisted deposits from the test's runner, each with its own idempotency
    // key.
    EntityClient accounts = cluster.client().client(Account.TYPE);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int caller = t;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; running.get(); i++) {
                      String id = "load-" + ((caller * 31 + i) % 200);
                      try {
                        accounts.call(id, new Account.Deposit(1));
                        applied.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        ok.incrementAndGet();
                      } catch (RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    await().atMost(SETTLE).until(() -> ok.get() > 100);

    Runner fourth = cluster.start(1).get(0);
    List<Runner> four = new ArrayList<>(three);
    four.add(fourth);
    Map<ShardId, String> afterJoin = cluster.awaitSettled(four, SETTLE);
    Set<ShardId> movedOnJoin = changed(before, afterJoin);
    double joinFraction = movedOnJoin.size() / (double) RunnerCluster.SHARDS;
    System.out.printf(
        "join: %d of %d shards moved (%.3f; ideal 0.250)%n",
        movedOnJoin.size(), RunnerCluster.SHARDS, joinFraction);
    assertTrue(
        joinFraction > 0.20 && joinFraction < 0.30,
        "a join moves about a quarter: " + joinFraction);
    assertTrue(
        movedOnJoin.stream().allMatch(s -> afterJoin.get(s).equals(fourth.address())),
        "moved only to the new runner");

    int atLeave = ok.get();
    Runner leaving = three.get(1);
    cluster.stop(leaving);
    List<Runner> remaining = new ArrayList<>(four);
    remaining.remove(leaving);
    Map<ShardId, String> afterLeave = cluster.awaitSettled(remaining, SETTLE);
    Set<ShardId> movedOnLeave = changed(afterJoin, afterLeave);
    Set<ShardId> itsShards =
        afterJoin.entrySet().stream()
            .filter(e -> e.getValue().equals(leaving.address()))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    System.out.printf(
        "graceful leave: %d shards moved, the leaver held %d%n",
        movedOnLeave.size(), itsShards.size());
    assertEquals(itsShards, movedOnLeave, "a leave moves exactly the leaver's shards");

    await().atMost(SETTLE).until(() -> ok.get() > atLeave + 200);
    running.set(false);
    for (Thread t : callers) {
      t.join();
    }
    assertEquals(List.of(), failures, "no persisted call failed while shards moved");
    for (Map.Entry<String, AtomicInteger> e : applied.entrySet()) {
      assertEquals(
          e.getValue().get(),
          accounts.call(e.getKey(), new Account.Deposits()),
          e.getKey() + ": each deposit applied once");
    }
  }

  private static Set<ShardId> changed(Map<ShardId, String> a, Map<ShardId, String> b) {
    return a.keySet().stream().filter(s -> !a.get(s).equals(b.get(s))).collect(Collectors.toSet());
  }
}
