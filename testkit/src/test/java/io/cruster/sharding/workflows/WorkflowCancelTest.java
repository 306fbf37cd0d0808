package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.WorkflowCancelledException;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowCancelTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final Orders orders = new Orders();
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(orders.type);

  @AfterEach
  void close() {
    cluster.close();
  }

  private void untilStatus(WorkflowHandle<?> h, WorkflowStatus status) {
    await().atMost(PATIENCE).until(() -> h.status() == status);
  }

  private List<StepKind> kinds(String executionId) {
    return cluster.storage().journal().entries(executionId).stream()
        .map(JournalEntry::kind)
        .toList();
  }

  @Test
  void aSleepingWorkflowCancelledCompensatesAndEndsCancelled() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    CompletableFuture<String> joined = h.joinAsync();

    assertTrue(h.cancel("customer asked"));

    WorkflowCancelledException e =
        assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    assertTrue(e.getMessage().contains("customer asked"), e.getMessage());
    CompletionException async = assertThrows(CompletionException.class, joined::join);
    assertTrue(async.getCause() instanceof WorkflowCancelledException, async.toString());
    assertEquals(WorkflowStatus.CANCELLED, h.status());
    assertEquals(List.of("Reserve", "Release"), orders.ranFor("o-1"));
    assertEquals(
        List.of(StepKind.ACTIVITY, StepKind.SLEEP, StepKind.CANCEL, StepKind.ACTIVITY),
        kinds(h.executionId()));
    assertTrue(
        cluster
            .storage()
            .timers()
            .forEntity(new io.cruster.actors.EntityAddress("Order", "o-1"))
            .isEmpty());
    WorkflowExecution described = cluster.workflows().describe(h.executionId()).orElseThrow();
    assertEquals(Optional.of("customer asked"), described.cancelReason());
    assertEquals(WorkflowStatus.CANCELLED, described.status());
  }

  @Test
  void anAwaitingWorkflowIsCancelledAtItsAwait() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    cluster.clock().advance(Duration.ofHours(1));
    untilStatus(h, WorkflowStatus.AWAITING);

    assertTrue(cluster.workflows().cancel(h.executionId(), "out of stock"));

    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    assertEquals(List.of("Reserve", "Release"), orders.ranFor("o-1"));
    assertEquals(
        List.of(StepKind.ACTIVITY, StepKind.SLEEP, StepKind.CANCEL, StepKind.ACTIVITY),
        kinds(h.executionId()));
  }

  @Test
  void cancellingTwiceOrAfterTheEndReturnsFalse() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    assertTrue(h.cancel("first"));
    assertFalse(h.cancel("second"));
    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    assertFalse(h.cancel("after the end"));

    WorkflowHandle<String> done = client.start("o-2", new Orders.QuickCharge(1));
    done.join(PATIENCE);
    assertFalse(done.cancel("too late"));
    assertEquals(WorkflowStatus.COMPLETED, done.status());
    assertEquals(
        Optional.of("first"),
        cluster.workflows().describe(h.executionId()).orElseThrow().cancelReason());
  }

  @Test
  void aCancellationNeedsAReasonAndABadOneChangesNothing() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);

    assertThrows(NullPointerException.class, () -> h.cancel(null));
    assertThrows(IllegalArgumentException.class, () -> h.cancel("  "));
    assertThrows(
        NullPointerException.class, () -> cluster.workflows().cancel(h.executionId(), null));

    assertEquals(WorkflowStatus.SLEEPING, h.status());
    assertEquals(
        Optional.empty(),
        cluster.workflows().describe(h.executionId()).orElseThrow().cancelReason());
    cluster.clock().advance(Duration.ofHours(1));
    untilStatus(h, WorkflowStatus.AWAITING);
    client.resolve("o-1", Orders.APPROVAL, true);
    assertEquals("ship", h.join(PATIENCE));
  }

  @Test
  void aCancelledExecutionIsNotRunAgainBySameKey() {
    CallOptions key = CallOptions.idempotencyKey("order-1");
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100), key);
    untilStatus(h, WorkflowStatus.SLEEPING);
    h.cancel("stop");
    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));

    WorkflowHandle<String> again = client.start("o-1", new Orders.Place(100), key);

    assertEquals(h.executionId(), again.executionId());
    assertThrows(WorkflowCancelledException.class, () -> again.join(PATIENCE));
    assertThrows(
        WorkflowCancelledException.class, () -> client.call("o-1", new Orders.Place(100), key));
    assertFalse(cluster.workflows().retry(h.executionId()));
    assertEquals(List.of("Reserve", "Release"), orders.ranFor("o-1"));
  }

  @Test
  void aCancellationReplaysAtTheSameStepAfterARestart() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    h.cancel("stop");
    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    String execution = h.executionId();

    // Replaying the finished journal against the code: the cancellation is raised at step 3 again.
    io.cruster.testkit.WorkflowReplayer.replay(orders.type, cluster.workflows().history(execution));

    cluster.restart();
    assertEquals(
        WorkflowStatus.CANCELLED, cluster.workflows().handle(execution, String.class).status());
    assertEquals(List.of("Reserve", "Release"), orders.ranFor("o-1"));
  }

  @Test
  void aCancellationRequestedBeforeTheWorkflowRunsIsRaisedAtItsFirstStep() {
    WorkflowHandle<String> h =
        client.start("o-1", new Orders.QuickCharge(5), CallOptions.idempotencyKey("k"));
    h.join(PATIENCE);
    // A scheduled one: saved now, run in an hour.
    CompletableFuture<String> later =
        client.callAt(
            "o-2", new Orders.QuickCharge(6), cluster.clock().now().plus(Duration.ofHours(1)));
    String id =
        cluster
            .workflows()
            .list(io.cruster.sharding.WorkflowQuery.all().entityId("o-2"))
            .get(0)
            .executionId();

    assertTrue(cluster.workflows().cancel(id, "never mind"));
    cluster.clock().advance(Duration.ofHours(1));

    assertThrows(
        WorkflowCancelledException.class,
        () -> cluster.workflows().handle(id, String.class).join(PATIENCE));
    assertEquals(List.of(), orders.ranFor("o-2"));
    assertEquals(List.of(StepKind.CANCEL), kinds(id));
    assertThrows(CompletionException.class, later::join);
  }
}
