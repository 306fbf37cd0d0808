package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CounterTest {
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient counters = cluster.register(Counter.TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void designExampleCounts() {
    int count = counters.call("counter-1", new Counter.Increment(5));
    assertEquals(5, count);
    count = counters.call("counter-1", new Counter.GetCount());
    assertEquals(5, count);
  }

  @Test
  void incrementsDecrementsAndResets() {
    counters.call("c", new Counter.Increment(10));
    assertEquals(7, counters.call("c", new Counter.Decrement(3)));
    assertEquals(0, counters.call("c", new Counter.Reset()));
    assertEquals(0, counters.call("c", new Counter.GetCount()));
    assertEquals(2, counters.call("c", new Counter.Increment(2)));
  }

  @Test
  void idsAreIndependent() {
    counters.call("a", new Counter.Increment(1));
    counters.call("b", new Counter.Increment(100));
    assertEquals(1, counters.call("a", new Counter.GetCount()));
    assertEquals(100, counters.call("b", new Counter.GetCount()));
    assertEquals(0, counters.call("c", new Counter.GetCount()));
  }

  @Test
  void concurrentIncrementsAreNeverLost() {
    // 100 requests may wait for the entity at once; the default bound (100) would leave no room for
    // its timer.
    try (TestCluster roomy =
        TestCluster.create(ShardingConfig.builder().entityMailboxCapacity(200).build())) {
      EntityClient hot = roomy.register(Counter.TYPE);
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(hot.callAsync("hot", new Counter.Increment(1)));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      assertEquals(100, hot.call("hot", new Counter.GetCount()));
      // Activities ran one at a time: every intermediate count was seen exactly once.
      assertEquals(100, calls.stream().map(CompletableFuture::join).distinct().count());
    }
  }

  @Test
  void stateSurvivesPassivation() {
    counters.call("sleepy", new Counter.Increment(42));
    assertEquals(1, cluster.activations(Counter.TYPE));
    cluster
        .clock()
        .advance(ShardingConfig.DEFAULT_ENTITY_MAX_IDLE_TIME.plus(Duration.ofSeconds(1)));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> cluster.passivations(Counter.TYPE) == 1);
    assertEquals(0, cluster.liveEntities(Counter.TYPE));
    assertEquals(42, counters.call("sleepy", new Counter.GetCount()));
    assertEquals(2, cluster.activations(Counter.TYPE));
    assertTrue(cluster.liveEntities(Counter.TYPE) == 1);
  }
}
