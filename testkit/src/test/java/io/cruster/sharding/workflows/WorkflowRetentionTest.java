package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ConfigException;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.UnknownExecutionException;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowRetentionTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final Orders orders = new Orders();
  private final TestCluster cluster =
      TestCluster.create(
          ShardingConfig.builder()
              .requestRetention(Duration.ofHours(1))
              .workflowRetention(Duration.ofHours(3))
              .build());
  private final EntityClient client = cluster.register(orders.type);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void finishedExecutionsOutliveTheirRequestsAndArePurgedAfterTheWorkflowRetention() {
    WorkflowHandle<String> done = client.start("o-1", new Orders.QuickCharge(1));
    WorkflowHandle<String> failed = client.start("o-2", new Orders.Doomed());
    WorkflowHandle<String> live = client.start("o-3", new Orders.Place(3));
    done.join(PATIENCE);
    assertThrows(RuntimeException.class, () -> failed.join(PATIENCE));
    await().atMost(PATIENCE).until(() -> live.status() == WorkflowStatus.SLEEPING);

    cluster.clock().advance(Duration.ofHours(2));
    // The request (the de-duplication window) is gone; the execution, its journal and reply stay.
    untilAPollPassSees(() -> cluster.storage().messages().find(done.executionId()).isEmpty());
    assertEquals(Optional.of("charge-1"), done.poll());
    assertEquals(1, cluster.workflows().describe(done.executionId()).orElseThrow().steps().size());

    cluster.clock().advance(Duration.ofHours(2));
    untilAPollPassSees(
        () ->
            cluster.workflows().describe(done.executionId()).isEmpty()
                && cluster.workflows().describe(failed.executionId()).isEmpty());
    assertThrows(UnknownExecutionException.class, done::poll);
    assertTrue(cluster.storage().journal().entries(done.executionId()).isEmpty());
    assertTrue(cluster.storage().messages().find(failed.executionId()).isEmpty());
    // A live execution is never purged, however old.
    assertTrue(
        live.status() == WorkflowStatus.AWAITING || live.status() == WorkflowStatus.SLEEPING);
  }

  /**
   * Waits for {@code condition}, moving the clock a second at a time: a poll pass that was running
   * when the clock jumped read the time before the jump, and the next one waits for the clock.
   */
  private void untilAPollPassSees(java.util.concurrent.Callable<Boolean> condition) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (condition.call()) {
                return true;
              }
              cluster.clock().advance(Duration.ofSeconds(1));
              return condition.call();
            });
  }

  @Test
  void theRetentionMustBePositive() {
    assertThrows(
        ConfigException.class,
        () -> ShardingConfig.builder().workflowRetention(Duration.ZERO).build());
    assertEquals(Duration.ofDays(7), ShardingConfig.defaults().workflowRetention());
  }
}
