package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.sharding.internal.cluster.ItRunners.Runner;
import io.cruster.sharding.internal.cluster.ScriptedKeepAlives.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** Shard locks bound to runner leases, against the real etcd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardLocksIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ADDRESS = "127.0.0.1:7001";
  private ItRunners cluster;

  @BeforeEach
  void setUp(TestInfo test) {
    cluster = new ItRunners(test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void tearDown() throws Exception {
    cluster.close();
  }

  @Test
  void twoRunnersRacingFor64ShardsEndWithEachShardLockedByExactlyOne() throws Exception {
    Runner a = cluster.start(ADDRESS, Set.of("default"));
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default"));
    List<ShardId> shards = shards(64);
    CompletableFuture<Set<ShardId>> wonByA = race(a, shards);
    CompletableFuture<Set<ShardId>> wonByB = race(b, shards);
    Set<ShardId> byA = wonByA.get(30, TimeUnit.SECONDS);
    Set<ShardId> byB = wonByB.get(30, TimeUnit.SECONDS);

    assertEquals(Set.of(), intersection(byA, byB));
    assertEquals(Set.copyOf(shards), union(byA, byB));
    assertEquals(byA, a.locks().owned());
    assertEquals(byB, b.locks().owned());
    Map<String, String> keys = TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/");
    for (ShardId shard : shards) {
      Runner owner = byA.contains(shard) ? a : b;
      assertEquals(
          owner.id().lockValue(), keys.get(cluster.settings().shardKey(shard)), shard.toString());
    }
  }

  @Test
  void acquiringIsIdempotentAndReleaseDeletesOnlyOurOwnLock() throws Exception {
    Runner a = cluster.start(ADDRESS, Set.of("default"));
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default"));
    ShardId shard = new ShardId("default", 7);
    assertTrue(a.locks().tryAcquire(shard));
    assertTrue(a.locks().tryAcquire(shard));
    assertFalse(b.locks().tryAcquire(shard));

    b.locks().release(shard);
    assertEquals(
        a.id().lockValue(),
        TestEtcd.keys(cluster.admin(), cluster.settings().shardKey(shard))
            .get(cluster.settings().shardKey(shard)));
    assertTrue(a.locks().canServe(shard));

    a.locks().release(shard);
    assertFalse(a.locks().canServe(shard));
    assertEquals(Set.of(), a.locks().owned());
    assertTrue(b.locks().tryAcquire(shard));
  }

  @Test
  void aRestartedRunnerDoesNotInheritItsPredecessorsLocksUntilTheirLeaseIsGone() throws Exception {
    Runner before = cluster.start(ADDRESS, Set.of("default"));
    List<ShardId> shards = shards(4);
    for (ShardId shard : shards) {
      assertTrue(before.locks().tryAcquire(shard));
    }
    // The "crashed" predecessor's lease is still alive: a new incarnation on the same address gets
    // nothing.
    Runner after = cluster.start(ADDRESS, Set.of("default"));
    await()
        .atMost(WAIT)
        .until(() -> !before.membership().fence().isValid()); // its registration was taken over
    for (ShardId shard : shards) {
      assertFalse(after.locks().tryAcquire(shard), shard.toString());
    }

    cluster.admin().getLeaseClient().revoke(before.membership().leaseId()).get(5, TimeUnit.SECONDS);

    for (ShardId shard : shards) {
      assertTrue(after.locks().tryAcquire(shard), shard.toString());
    }
    assertEquals(
        Set.of(after.id().lockValue()),
        Set.copyOf(TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/").values()));
    assertEquals(Set.of(after.id()), after.view().get());
  }

  @Test
  void aRunnerWhoseKeepAlivesStopIsFencedBeforeItsLocksExpireAndThenLosesThem() throws Exception {
    // TTL 3 s, margin 2 s: fenced 1 s after the grant, while the server keeps the lease and locks 2
    // s more.
    ClusterSettings shortLease =
        cluster.settings().withLease(Duration.ofSeconds(3), Duration.ofSeconds(2));
    ScriptedKeepAlives dead = new ScriptedKeepAlives(Mode.FAIL);
    Runner stuck =
        cluster.start(new Member(RunnerId.create(ADDRESS, 1), Set.of("default")), shortLease, dead);
    List<ShardId> shards = shards(4);
    for (ShardId shard : shards) {
      assertTrue(stuck.locks().tryAcquire(shard));
    }
    Runner successor = cluster.start("127.0.0.1:7002", Set.of("default"));
    assertFalse(successor.locks().tryAcquire(shards.get(0)));

    await().atMost(WAIT).until(() -> !stuck.membership().fence().isValid());
    assertEquals(
        4,
        TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/").size(),
        "the locks expired before the runner fenced itself");
    assertFalse(stuck.locks().canServe(shards.get(0)));

    await()
        .atMost(WAIT)
        .until(() -> TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/").isEmpty());
    await().atMost(WAIT).until(() -> successor.view().get().equals(Set.of(successor.id())));
    for (ShardId shard : shards) {
      assertTrue(successor.locks().tryAcquire(shard));
    }
  }

  private static CompletableFuture<Set<ShardId>> race(Runner runner, List<ShardId> shards) {
    List<ShardId> order = new ArrayList<>(shards);
    Collections.shuffle(order);
    return CompletableFuture.supplyAsync(
        () -> order.stream().filter(runner.locks()::tryAcquire).collect(Collectors.toSet()),
        r -> Thread.ofVirtual().start(r));
  }

  private static List<ShardId> shards(int count) {
    return IntStream.range(0, count).mapToObj(i -> new ShardId("default", i)).toList();
  }

  private static Set<ShardId> intersection(Set<ShardId> a, Set<ShardId> b) {
    Set<ShardId> both = new HashSet<>(a);
    both.retainAll(b);
    return both;
  }

  private static Set<ShardId> union(Set<ShardId> a, Set<ShardId> b) {
    Set<ShardId> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
