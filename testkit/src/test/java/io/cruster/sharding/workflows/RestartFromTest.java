package io.cruster.sharding.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.UnknownExecutionException;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.WorkflowStep;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failure caused by a bug, fixed in the code, then restarted from the failed step or retried. */
@Timeout(60)
class RestartFromTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  record Nothing() {}

  record Settle(String invoice) implements Workflow<String> {}

  record Reserve() implements Activity<String> {}

  record Quote() implements Activity<Integer> {}

  record Charge(int cents) implements Activity<String> {}

  record Ship() implements Activity<String> {}

  /** The bug: the charge divides by zero until it is fixed. */
  private volatile boolean fixed;

  private final List<String> ran = new CopyOnWriteArrayList<>();

  private final EntityType<Nothing> type =
      EntityType.define("Payment", Nothing.class)
          .init(ctx -> new Nothing())
          .workflowRetry(RetryPolicy.none())
          .activity(Reserve.class, (ctx, m) -> ran("Reserve", "reserved"))
          .activity(Quote.class, (ctx, m) -> ran("Quote", 4200))
          .activity(
              Charge.class,
              (ctx, m) -> {
                ran.add("Charge");
                int divisor = fixed ? 1 : 0;
                return "charged " + (m.cents() / divisor);
              })
          .activity(Ship.class, (ctx, m) -> ran("Ship", "shipped"))
          .workflow(
              Settle.class,
              (ctx, m) -> {
                ctx.run(new Reserve());
                int cents = ctx.run(new Quote());
                String charged = ctx.run(new Charge(cents));
                return charged + ", " + ctx.run(new Ship());
              })
          .build();

  private <T> T ran(String what, T result) {
    ran.add(what);
    return result;
  }

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  private WorkflowHandle<String> failed() {
    WorkflowHandle<String> h = client.start("p-1", new Settle("inv-1"));
    EntityException e = assertThrows(EntityException.class, () -> h.join(PATIENCE));
    assertEquals(ArithmeticException.class.getName(), e.remoteType());
    assertEquals(List.of("Reserve", "Quote", "Charge"), ran);
    ran.clear();
    return h;
  }

  @Test
  void restartFromTheFailedStepTakesOverTheStepsBeforeItAndRunsTheRestWithTheFixedCode() {
    WorkflowHandle<String> broken = failed();
    fixed = true;

    WorkflowHandle<String> again =
        cluster.workflows().restartFrom(broken.executionId(), 3, String.class);

    assertEquals("charged 4200, shipped", again.join(PATIENCE));
    assertEquals(List.of("Charge", "Ship"), ran); // Reserve and Quote taken over, not run
    assertEquals(WorkflowStatus.FAILED, broken.status()); // the original is left as it was
    WorkflowExecution restarted = cluster.workflows().describe(again.executionId()).orElseThrow();
    assertEquals(Optional.of(broken.executionId()), restarted.restartedFrom());
    assertEquals(4, restarted.steps().size());
    assertEquals("p-1", restarted.entityId());
  }

  @Test
  void restartFromAnEarlierStepRunsItAgain() {
    WorkflowHandle<String> broken = failed();
    fixed = true;

    WorkflowHandle<String> again =
        cluster.workflows().restartFrom(broken.executionId(), 2, String.class);

    assertEquals("charged 4200, shipped", again.join(PATIENCE));
    assertEquals(List.of("Quote", "Charge", "Ship"), ran);
  }

  @Test
  void retryContinuesTheFailedExecutionFromItsJournal() {
    WorkflowHandle<String> broken = failed();
    fixed = true;

    assertTrue(cluster.workflows().retry(broken.executionId()));

    assertEquals("charged 4200, shipped", broken.join(PATIENCE));
    assertEquals(List.of("Charge", "Ship"), ran);
    assertEquals(WorkflowStatus.COMPLETED, broken.status());
    assertEquals(
        List.of(
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.ACTIVITY),
        cluster.workflows().describe(broken.executionId()).orElseThrow().steps().stream()
            .map(WorkflowStep::kind)
            .toList());
    assertFalse(cluster.workflows().retry(broken.executionId())); // not FAILED any more
    assertFalse(cluster.workflows().retry("unknown"));
  }

  @Test
  void badRestartsAreRefusedClearlyAndChangeNothing() {
    WorkflowHandle<String> broken = failed();
    String id = broken.executionId();
    int before = cluster.workflows().list(WorkflowQuery.all()).size();

    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> cluster.workflows().restartFrom(id, 0, String.class));
    assertTrue(zero.getMessage().contains("from 1"), zero.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> cluster.workflows().restartFrom(id, -3, String.class));
    IllegalArgumentException beyond =
        assertThrows(
            IllegalArgumentException.class,
            () -> cluster.workflows().restartFrom(id, 5, String.class));
    assertTrue(
        beyond.getMessage().contains("recorded 3 steps") && beyond.getMessage().contains("1 to 4"),
        beyond.getMessage());
    UnknownExecutionException unknown =
        assertThrows(
            UnknownExecutionException.class,
            () -> cluster.workflows().restartFrom("nope-42", 1, String.class));
    assertTrue(unknown.getMessage().contains("nope-42"), unknown.getMessage());
    assertThrows(NullPointerException.class, () -> cluster.workflows().restartFrom(id, 1, null));

    assertEquals(before, cluster.workflows().list(WorkflowQuery.all()).size());
    assertEquals(List.of(), ran);
    assertEquals(WorkflowStatus.FAILED, broken.status());
  }
}
