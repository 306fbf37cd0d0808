package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cluster.status, shardMap and entity: what an operator's console reads. */
@Timeout(30)
class InspectionTest {
  private final TestCluster cluster =
      TestCluster.create(ShardingConfig.builder().shardsPerGroup(16).build());

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void shardMapGivesEveryShardOfTheRegisteredGroupsToTheSingleNode() {
    cluster.register(Counter.TYPE);
    ShardMap map = cluster.shardMap();
    assertEquals(16, map.shardsPerGroup());
    assertEquals(1, map.owners().size());
    assertEquals(Map.of("single-runner", 16), map.countsByOwner());
  }

  @Test
  void entityShowsCommittedStateAndWhetherItIsLive() {
    EntityClient counters = cluster.register(Counter.TYPE);
    counters.call("c-1", new Counter.Increment(5));
    EntitySnapshot s = cluster.entity("Counter", "c-1");
    assertEquals(Optional.of(new Counter.CounterState(5)), s.state());
    assertTrue(s.liveHere());
    assertTrue(s.version() > 0);
    assertTrue(s.pending().isEmpty());
    assertEquals(Map.of("Counter", 1), cluster.status().liveEntities());
  }

  @Test
  void entityNeverCommittedHasNoStateAndIsNotActivated() {
    cluster.register(Counter.TYPE);
    EntitySnapshot s = cluster.entity("Counter", "nobody");
    assertEquals(Optional.empty(), s.state());
    assertEquals(0, s.version());
    assertFalse(s.liveHere());
    assertEquals(0, cluster.liveEntities(Counter.TYPE));
  }

  @Test
  void entityListsScheduledRequestsAsPending() {
    EntityClient counters = cluster.register(Counter.TYPE);
    counters.notifyAt(
        "c-2", new Counter.Increment(1), cluster.clock().now().plus(Duration.ofHours(1)));
    EntitySnapshot s = cluster.entity("Counter", "c-2");
    assertEquals(1, s.pending().size());
    assertEquals("Increment", s.pending().get(0).tag().replaceAll(".*[.$]", ""));
  }

  @Test
  void entityOfAnUnknownTypeIsRefused() {
    assertThrows(UnknownEntityTypeException.class, () -> cluster.entity("Nope", "x"));
  }

  @Test
  void entityWithABlankIdIsRefused() {
    cluster.register(Counter.TYPE);
    assertThrows(IllegalArgumentException.class, () -> cluster.entity("Counter", " "));
  }
}
