package io.cruster.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityException;
import io.cruster.testkit.TestCluster;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestCluster cluster =
      TestCluster.builder().instrumentation(CrusterMicrometer.create(registry)).build();
  private final EntityClient orders = cluster.register(Shop.Order.TYPE);
  private final EntityClient stocks = cluster.register(Shop.Stock.TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  private long calls(String type, String tag, String kind, String outcome) {
    var timer =
        registry
            .find(CrusterMicrometer.CALLS)
            .tags(
                "entity.type",
                type,
                "message.tag",
                tag,
                "kind",
                kind,
                "outcome",
                outcome,
                "remote",
                "false")
            .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void callsHandlersEntitiesAndWorkflowsAreCountedWithBoundedTags() {
    for (int i = 0; i < 3; i++) {
      stocks.call("s-" + i, new Shop.Stock.Take(1));
    }
    stocks.call("s-0", new Shop.Stock.Left());
    assertThrows(EntityException.class, () -> stocks.call("s-0", new Shop.Stock.Steal(1)));
    assertEquals(96, orders.call("o-1", new Shop.Order.Place("s-9", 4)));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> calls("Order", "Shop.Order.Place", "workflow", "success") == 1);
    assertEquals(
        4,
        calls("Stock", "Shop.Stock.Take", "activity", "success"),
        "three from the test, one from the workflow");
    assertEquals(1, calls("Stock", "Shop.Stock.Left", "rpc", "success"));
    assertEquals(1, calls("Stock", "Shop.Stock.Steal", "activity", "failure"));
    assertEquals(
        4,
        registry
            .get(CrusterMicrometer.HANDLERS)
            .tags("entity.type", "Stock", "message.tag", "Shop.Stock.Take")
            .timer()
            .count(),
        "three from clients, one from the workflow");
    assertEquals(
        4.0,
        registry.get(CrusterMicrometer.ACTIVATIONS).tags("entity.type", "Stock").counter().count(),
        "s-0, s-1, s-2 and s-9");
    assertEquals(
        1.0,
        registry
            .get(CrusterMicrometer.WORKFLOWS)
            .tags("entity.type", "Order", "status", "completed")
            .counter()
            .count());
    assertEquals(
        1,
        registry
            .get(CrusterMicrometer.STEPS)
            .tags("entity.type", "Order", "step.kind", "activity")
            .timer()
            .count());
    assertEquals(
        4.0,
        registry
            .get(CrusterMicrometer.LIVE)
            .tags("entity.type", "Stock", "runner", "single-runner")
            .gauge()
            .value());
    assertEquals(0.0, registry.get(CrusterMicrometer.MAILBOX).gauge().value());

    Set<String> ids = Set.of("s-0", "s-1", "s-2", "s-9", "o-1");
    for (Meter m : registry.getMeters()) {
      for (Tag t : m.getId().getTags()) {
        assertFalse(ids.contains(t.getValue()), m.getId() + " is tagged with an entity id");
      }
    }
  }

  @Test
  void theSummaryListsOnlyCrusterMetersKeyedByNameAndTags() {
    stocks.call("s-1", new Shop.Stock.Take(1));
    stocks.call("s-1", new Shop.Stock.Take(1));
    registry.counter("other.meter").increment();

    java.util.Map<String, java.util.Map<String, Double>> summary =
        CrusterMicrometer.summary(registry);

    assertFalse(
        summary.keySet().stream().anyMatch(k -> k.startsWith("other.")), summary.toString());
    String activations = CrusterMicrometer.ACTIVATIONS + "{entity.type=Stock}";
    assertEquals(1.0, summary.get(activations).get("count"), summary.toString());
    assertEquals(
        java.util.List.copyOf(summary.keySet()),
        summary.keySet().stream().sorted().toList(),
        "sorted by key");
    org.junit.jupiter.api.Assertions.assertTrue(
        summary.keySet().stream()
            .anyMatch(k -> k.startsWith(CrusterMicrometer.CALLS + "{") && k.contains("Stock")),
        summary.toString());
  }
}
