package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.sharding.internal.cluster.ItRunners.Runner;
import java.time.Duration;
import java.util.List;
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

/** Runners joining and leaving, seen through the watch, against the real etcd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EtcdMembershipIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
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
  void threeRunnersSeeJoinsAndLeavesThroughTheWatch() {
    Runner a = cluster.start("127.0.0.1:7001", Set.of("default"));
    assertEquals(Set.of(a.id()), a.view().get());
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default", "orders"));
    Runner c = cluster.start("127.0.0.1:7003", Set.of("orders"));
    Set<RunnerId> all = Set.of(a.id(), b.id(), c.id());
    for (Runner r : List.of(a, b, c)) {
      await().atMost(WAIT).until(() -> r.view().get().equals(all));
    }
    assertEquals(Set.of(b.id(), c.id()), a.membership().runnersServing("orders"));

    b.membership().close();
    await().atMost(WAIT).until(() -> a.view().get().equals(Set.of(a.id(), c.id())));
    await().atMost(WAIT).until(() -> c.view().get().equals(Set.of(a.id(), c.id())));
    assertFalse(b.membership().fence().isValid());

    a.membership().close();
    await().atMost(WAIT).until(() -> c.view().get().equals(Set.of(c.id())));
    assertTrue(c.membership().fence().isValid());
  }

  @Test
  void runnersStartingTogetherAllSeeEveryone() {
    List<CompletableFuture<Runner>> starting =
        IntStream.rangeClosed(1, 5)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> cluster.start("127.0.0.1:710" + i, Set.of("default")),
                        r -> Thread.ofVirtual().start(r)))
            .toList();
    List<Runner> runners = starting.stream().map(CompletableFuture::join).toList();
    Set<RunnerId> all = runners.stream().map(Runner::id).collect(Collectors.toSet());
    for (Runner r : runners) {
      await().atMost(WAIT).until(() -> r.view().get().equals(all));
    }
  }

  @Test
  void aRunnerWhoseLeaseIsRevokedDisappearsWithItsShardLocks() throws Exception {
    Runner a = cluster.start("127.0.0.1:7001", Set.of("default"));
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default"));
    for (int i = 0; i < 8; i++) {
      assertTrue(a.locks().tryAcquire(new ShardId("default", i)));
    }
    assertEquals(8, TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/").size());

    cluster.admin().getLeaseClient().revoke(a.membership().leaseId()).get(5, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> b.view().get().equals(Set.of(b.id())));
    assertEquals(Set.of(), TestEtcd.keys(cluster.admin(), cluster.prefix() + "/shards/").keySet());
    await().atMost(WAIT).until(() -> !a.membership().fence().isValid());
    assertFalse(a.locks().canServe(new ShardId("default", 0)));
    assertFalse(a.locks().tryAcquire(new ShardId("default", 0)));
    assertTrue(b.locks().tryAcquire(new ShardId("default", 0)));
  }

  @Test
  void aDrainedRunnerIsSeenWithWeightZeroAndGetsNoShards() {
    Runner a = cluster.start("127.0.0.1:7001", Set.of("default"));
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default"));
    a.membership().updateWeight(0);
    await().atMost(WAIT).until(() -> b.view().get().contains(a.id().withWeight(0)));
    List<ShardId> shards = IntStream.range(0, 64).mapToObj(i -> new ShardId("default", i)).toList();
    assertEquals(Set.of(b.id()), Set.copyOf(Rendezvous.assign(shards, b.view().get()).values()));
    assertTrue(a.membership().fence().isValid());
  }

  @Test
  void aFailedWatchIsReplacedByAFreshReadAndANewWatch() {
    Runner a = cluster.start("127.0.0.1:7001", Set.of("default"));
    Runner b = cluster.start("127.0.0.1:7002", Set.of("default"));
    await().atMost(WAIT).until(() -> a.view().get().equals(Set.of(a.id(), b.id())));

    a.membership().watch().failCurrentWatch(new IllegalStateException("watch cancelled (test)"));
    b.membership().close();
    Runner c = cluster.start("127.0.0.1:7003", Set.of("default"));

    await().atMost(WAIT).until(() -> a.view().get().equals(Set.of(a.id(), c.id())));
    assertTrue(a.membership().fence().isValid());
  }
}
