package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.WorkflowStep;
import io.cruster.testkit.TestCluster;
import io.cruster.testkit.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Changing workflow code while executions are in flight: {@code ctx.patched}, {@code
 * ctx.deprecatePatch}, and the replay tests that catch a change made without them.
 */
@Timeout(60)
class PatchingTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  record Nothing() {}

  record Bill(String invoice) implements Workflow<String> {}

  record Charge() implements Activity<String> {}

  record Tax() implements Activity<String> {}

  record Ship() implements Activity<String> {}

  /** The code deployed: 1 the original, 2 tax added without a patch, 3 patched, 4 deprecated. */
  private volatile int version = 1;

  private final List<String> ran = new CopyOnWriteArrayList<>();

  private final EntityType<Nothing> type =
      EntityType.define("Billing", Nothing.class)
          .init(ctx -> new Nothing())
          .workflowRetry(RetryPolicy.none())
          .activity(Charge.class, (ctx, m) -> ran("Charge"))
          .activity(Tax.class, (ctx, m) -> ran("Tax"))
          .activity(Ship.class, (ctx, m) -> ran("Ship"))
          .workflow(
              Bill.class,
              (ctx, m) -> {
                StringBuilder out = new StringBuilder(ctx.run(new Charge()));
                switch (version) {
                  case 1 -> {}
                  case 2 -> out.append(ctx.run(new Tax()));
                  case 3 -> {
                    if (ctx.patched("charge-with-tax")) {
                      out.append(ctx.run(new Tax()));
                    }
                  }
                  default -> {
                    ctx.deprecatePatch("charge-with-tax");
                    out.append(ctx.run(new Tax()));
                  }
                }
                ctx.sleep(Duration.ofHours(1));
                return out.append(ctx.run(new Ship())).toString();
              })
          .build();

  private String ran(String what) {
    ran.add(what);
    return what.toLowerCase(java.util.Locale.ROOT) + ";";
  }

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  /** Starts a Bill and returns its handle once it sleeps. */
  private WorkflowHandle<String> sleepingBill(String id) {
    WorkflowHandle<String> h = client.start(id, new Bill(id));
    await().atMost(PATIENCE).until(() -> h.status() == WorkflowStatus.SLEEPING);
    return h;
  }

  private WorkflowHistory history(WorkflowHandle<?> h) {
    // Through JSON, as an operator's export would be.
    return WorkflowHistory.fromJson(cluster.workflows().history(h.executionId()).toJson());
  }

  @Test
  void patchedCodeReplaysOldAndNewHistoriesAndRunsBothLive() {
    WorkflowHandle<String> old = sleepingBill("b-old");
    WorkflowHistory oldHistory = history(old);

    version = 3;
    cluster.restart(); // deploy: the old execution replays on the patched code
    WorkflowHandle<String> fresh = sleepingBill("b-new");
    WorkflowHistory newHistory = history(fresh);
    assertEquals(
        List.of(
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.PATCH,
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.SLEEP),
        newHistory.steps().stream().map(WorkflowHistory.Step::kind).toList());

    ran.clear();
    WorkflowReplayer.replay(type, oldHistory);
    WorkflowReplayer.replay(type, newHistory);
    assertEquals(List.of(), ran); // replays run no activity

    cluster.clock().advance(Duration.ofHours(1));
    assertEquals("charge;ship;", old.join(PATIENCE)); // the old branch: no tax
    assertEquals("charge;tax;ship;", fresh.join(PATIENCE));
    WorkflowReplayer.replay(type, history(old));
    WorkflowReplayer.replay(type, history(fresh));
  }

  @Test
  void unpatchedChangedCodeFailsTheReplayNamingTheStep() {
    WorkflowHistory oldHistory = history(sleepingBill("b-1"));
    version = 2;

    NonDeterminismException e =
        assertThrows(
            NonDeterminismException.class, () -> WorkflowReplayer.replay(type, oldHistory));

    assertTrue(e.getMessage().contains("step 2"), e.getMessage());
    assertTrue(e.getMessage().contains("Tax") && e.getMessage().contains("SLEEP"), e.getMessage());
  }

  @Test
  void unpatchedChangedCodeFailsTheLiveExecutionAtTheStep() {
    WorkflowHandle<String> old = sleepingBill("b-1");
    version = 2;

    cluster.restart();

    EntityException e = assertThrows(EntityException.class, () -> old.join(PATIENCE));
    assertEquals(NonDeterminismException.class.getName(), e.remoteType());
    assertTrue(e.remoteMessage().contains("step 2"), e.remoteMessage());
    assertEquals(WorkflowStatus.FAILED, old.status());
  }

  @Test
  void deprecatedPatchesStillReplayExecutionsThatRecordedThemAndRecordNothingNew() {
    version = 3;
    WorkflowHistory patched = history(sleepingBill("b-1"));
    version = 4;

    WorkflowReplayer.replay(type, patched);
    WorkflowHandle<String> fresh = sleepingBill("b-2");
    assertEquals(
        List.of(WorkflowStep.Kind.ACTIVITY, WorkflowStep.Kind.ACTIVITY, WorkflowStep.Kind.SLEEP),
        history(fresh).steps().stream().map(WorkflowHistory.Step::kind).toList());

    version = 2; // the patch call removed while an execution that recorded its marker remains
    NonDeterminismException e =
        assertThrows(NonDeterminismException.class, () -> WorkflowReplayer.replay(type, patched));
    assertTrue(e.getMessage().contains("charge-with-tax"), e.getMessage());
  }

  @Test
  void aReplayOfAFinishedHistoryFailsWhenTheCodeStopsEarlierOrGoesFurther() {
    WorkflowHandle<String> h = sleepingBill("b-1");
    cluster.clock().advance(Duration.ofHours(1));
    h.join(PATIENCE);
    WorkflowHistory finished = history(h);
    WorkflowReplayer.replay(type, finished);

    version = 2; // one step more than the history holds
    assertThrows(NonDeterminismException.class, () -> WorkflowReplayer.replay(type, finished));
  }

  @Test
  void aHistoryOfAnotherTypeOrWorkflowIsRefused() {
    WorkflowHistory h = history(sleepingBill("b-1"));
    Orders orders = new Orders();

    assertThrows(IllegalArgumentException.class, () -> WorkflowReplayer.replay(orders.type, h));
    WorkflowHistory otherTag =
        new WorkflowHistory(
            h.executionId(),
            h.entityType(),
            h.entityId(),
            "PatchingTest.Charge",
            h.status(),
            h.startedAt(),
            h.endedAt(),
            h.failure(),
            h.input(),
            h.steps());
    assertThrows(IllegalArgumentException.class, () -> WorkflowReplayer.replay(type, otherTag));
  }
}
