package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.internal.ShardHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workflow executions followed and steered from another runner process: a join on one runner of a
 * workflow running on another, through the kill -9 of the runner that ran it; a cancellation from
 * another runner of a workflow sleeping on its owner. Polling is slowed to 30 s, so what reaches
 * the other runner arrives by storage notifications.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkflowFollowIT extends ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> SLOW_POLLING =
      Map.of("CRUSTER_STORAGE_POLL_INTERVAL", "PT30S");

  /** An order id whose entity {@code owner} serves now. */
  private static String orderOwnedBy(Map<ShardId, String> owners, Runner owner) {
    for (int i = 0; ; i++) {
      String id = "order-" + i;
      if (owners
          .get(ShardHash.shardOf("default", id, RunnerCluster.SHARDS))
          .equals(owner.address())) {
        return id;
      }
    }
  }

  private List<List<Object>> events(String orderId) {
    return cluster.db.query(
        "SELECT what, runner FROM order_events WHERE order_id = ? ORDER BY at", orderId);
  }

  private static void untilStatus(Runner r, String execution, String status) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> r.get("/order/status?execution=" + execution).equals(status));
  }

  @Test
  void aJoinOnAnotherRunnerGetsTheReplyAfterTheRunnerOfTheWorkflowIsKilled() throws Exception {
    List<Runner> three = cluster.start(3, SLOW_POLLING);
    Map<ShardId, String> owners = cluster.awaitSettled(three, WAIT);
    Runner a = three.get(0);
    Runner b = three.get(1);
    String order = orderOwnedBy(owners, a);

    String execution = a.get("/order/start?id=" + order + "&pause=4000");
    a.get("/order/approve?id=" + order + "&ok=true");
    untilStatus(b, execution, "SLEEPING");
    CompletableFuture<String> joined =
        CompletableFuture.supplyAsync(
            () -> b.get("/order/join?execution=" + execution + "&timeout=55000"));

    cluster.kill(a);

    assertEquals("shipped", joined.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    List<List<Object>> events = events(order);
    assertEquals(List.of("reserve", "charge", "ship"), events.stream().map(e -> e.get(0)).toList());
    assertEquals(a.id(), events.get(0).get(1));
    assertNotEquals(a.id(), events.get(1).get(1)); // the survivor that took the shard over
    assertEquals("COMPLETED", three.get(2).get("/order/status?execution=" + execution));
  }

  @Test
  void aWorkflowSleepingOnItsRunnerIsCancelledFromAnotherOneAndCompensates() throws Exception {
    List<Runner> two = cluster.start(2, SLOW_POLLING);
    Map<ShardId, String> owners = cluster.awaitSettled(two, WAIT);
    Runner a = two.get(0);
    Runner b = two.get(1);
    String order = orderOwnedBy(owners, a);
    String execution = a.get("/order/start?id=" + order + "&pause=600000");
    untilStatus(b, execution, "SLEEPING");
    CompletableFuture<String> joined =
        CompletableFuture.supplyAsync(
            () -> b.get("/order/join?execution=" + execution + "&timeout=55000"));

    assertEquals("true", b.get("/order/cancel?execution=" + execution + "&reason=customer+asked"));
    assertEquals("false", b.get("/order/cancel?execution=" + execution + "&reason=again"));

    Exception e =
        assertThrows(Exception.class, () -> joined.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(
        e.getMessage().contains("WorkflowCancelledException")
            && e.getMessage().contains("customer asked"),
        e.getMessage());
    untilStatus(b, execution, "CANCELLED");
    List<List<Object>> events = events(order);
    assertEquals(List.of("reserve", "release"), events.stream().map(x -> x.get(0)).toList());
    assertTrue(events.stream().allMatch(x -> x.get(1).equals(a.id())), events.toString());
    assertEquals("false", a.get("/order/cancel?execution=" + execution + "&reason=late"));
  }
}
