package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.CallOptions;
import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.UnknownExecutionException;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowHandleTest {
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

  @Test
  void startReturnsOnceSavedAndTheHandleFollowsTheExecutionToItsReply() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(4200));

    assertEquals("o-1", h.entityId());
    untilStatus(h, WorkflowStatus.SLEEPING);
    assertEquals(Optional.empty(), h.poll());
    CompletableFuture<String> joined = h.joinAsync();

    cluster.clock().advance(Duration.ofHours(1));
    untilStatus(h, WorkflowStatus.AWAITING);
    assertFalse(joined.isDone());
    client.resolve("o-1", Orders.APPROVAL, true);

    assertEquals("ship", h.join(PATIENCE));
    assertEquals("ship", joined.join());
    assertEquals(Optional.of("ship"), h.poll());
    assertEquals(WorkflowStatus.COMPLETED, h.status());
    assertEquals(List.of("Reserve", "Charge 4200", "Ship"), orders.ranFor("o-1"));
  }

  @Test
  void aHandleFromTheExecutionIdFollowsTheSameExecution() {
    WorkflowHandle<String> started = client.start("o-1", new Orders.QuickCharge(7));

    WorkflowHandle<String> again = cluster.workflows().handle(started.executionId(), String.class);

    assertEquals("charge-7", again.join(PATIENCE));
    assertEquals("o-1", again.entityId());
    assertEquals(started.executionId(), again.executionId());
  }

  @Test
  void aSecondStartWithTheSameKeyIsTheSameExecution() {
    WorkflowHandle<String> first =
        client.start("o-1", new Orders.QuickCharge(5), CallOptions.idempotencyKey("order-1"));
    first.join(PATIENCE);

    WorkflowHandle<String> second =
        client.start("o-1", new Orders.QuickCharge(5), CallOptions.idempotencyKey("order-1"));

    assertEquals(first.executionId(), second.executionId());
    assertEquals("charge-5", second.join(PATIENCE));
    assertEquals(List.of("Charge 5"), orders.ranFor("o-1"));
    WorkflowHandle<String> other = client.start("o-1", new Orders.QuickCharge(5));
    assertNotEquals(first.executionId(), other.executionId());
  }

  @Test
  void joinTimesOutWhileTheExecutionGoesOn() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(1));
    untilStatus(h, WorkflowStatus.SLEEPING);

    assertThrows(CallTimeoutException.class, () -> h.join(Duration.ofMillis(200)));

    assertEquals(WorkflowStatus.SLEEPING, h.status());
  }

  @Test
  void aFailedExecutionFailsItsJoinersAndItsPoll() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Doomed());

    EntityException e = assertThrows(EntityException.class, () -> h.join(PATIENCE));

    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    assertEquals(WorkflowStatus.FAILED, h.status());
    assertThrows(EntityException.class, h::poll);
    ExecutionException async = assertThrows(ExecutionException.class, () -> h.joinAsync().get());
    assertInstanceOf(EntityException.class, async.getCause());
    assertTrue(
        cluster
            .workflows()
            .describe(h.executionId())
            .orElseThrow()
            .failure()
            .orElseThrow()
            .contains("no payment method"));
  }

  @Test
  void anUnknownIdGivesAHandleThatSaysSoNamingTheId() {
    WorkflowHandle<String> h = cluster.workflows().handle("no-such-execution", String.class);

    for (var call :
        List.<org.junit.jupiter.api.function.Executable>of(
            h::poll, h::status, h::entityId, () -> h.join(PATIENCE))) {
      UnknownExecutionException e = assertThrows(UnknownExecutionException.class, call);
      assertTrue(e.getMessage().contains("no-such-execution"), e.getMessage());
    }
    assertFalse(h.cancel("nobody"));
    assertEquals(Optional.empty(), cluster.workflows().describe("no-such-execution"));
    assertThrows(
        UnknownExecutionException.class, () -> cluster.workflows().history("no-such-execution"));
  }

  @Test
  void aHandleOfTheWrongReplyTypeSaysSo() {
    WorkflowHandle<String> started = client.start("o-1", new Orders.QuickCharge(7));
    started.join(PATIENCE);

    WorkflowHandle<Integer> wrong =
        cluster.workflows().handle(started.executionId(), Integer.class);

    ClassCastException e = assertThrows(ClassCastException.class, wrong::poll);
    assertTrue(e.getMessage().contains(started.executionId()), e.getMessage());
  }

  @Test
  void aJoinSurvivesARestartOfTheNode() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.QuickCharge(9));
    h.join(PATIENCE);
    WorkflowHandle<String> sleeping = client.start("o-2", new Orders.Place(3));
    untilStatus(sleeping, WorkflowStatus.SLEEPING);
    CompletableFuture<String> joined = sleeping.joinAsync();

    cluster.restart();
    cluster.clock().advance(Duration.ofHours(1));
    untilStatus(sleeping, WorkflowStatus.AWAITING);
    client.resolve("o-2", Orders.APPROVAL, true);

    assertEquals("ship", joined.join());
    assertEquals("charge-9", h.join(PATIENCE));
  }
}
