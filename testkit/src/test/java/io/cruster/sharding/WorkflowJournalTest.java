package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.testkit.TestCluster;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowJournalTest {
  record Progress(int steps) {}

  /**
   * What a workflow reports: its execution id (to look up its journal) and the entity's step count.
   */
  record Report(String executionId, int steps) {}

  record Reserve(String orderId) implements Activity<Integer> {}

  record Charge(String orderId) implements Activity<Integer> {}

  record Ship(String orderId) implements Activity<Integer> {}

  record Step(int n) implements Activity<Integer> {}

  record Touch() implements Activity<Integer> {}

  record PlaceOrder(String orderId) implements Workflow<Report> {}

  record RunSteps(int count) implements Workflow<Report> {}

  record TouchTwice() implements Workflow<Report> {}

  record Steps() implements Rpc<Integer> {}

  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger charged = new AtomicInteger();
  private final AtomicInteger shipped = new AtomicInteger();
  private final AtomicIntegerArray stepRuns = new AtomicIntegerArray(11);
  private final AtomicInteger touches = new AtomicInteger();

  private final EntityType<Progress> type =
      EntityType.define("Journaled", Progress.class)
          .init(ctx -> new Progress(0))
          .activity(Reserve.class, (ctx, m) -> advance(ctx, reserved))
          .activity(Charge.class, (ctx, m) -> advance(ctx, charged))
          .activity(Ship.class, (ctx, m) -> advance(ctx, shipped))
          .activity(
              Step.class,
              (ctx, m) -> {
                stepRuns.incrementAndGet(m.n());
                return advance(ctx, new AtomicInteger());
              })
          .activity(Touch.class, (ctx, m) -> advance(ctx, touches))
          .workflow(
              PlaceOrder.class,
              (ctx, m) -> {
                ctx.run(new Reserve(m.orderId()));
                ctx.run(new Charge(m.orderId()));
                int steps = ctx.run(new Ship(m.orderId()));
                return new Report(ctx.executionId(), steps);
              })
          .workflow(
              RunSteps.class,
              (ctx, m) -> {
                int steps = 0;
                for (int i = 1; i <= m.count(); i++) {
                  steps = ctx.run(new Step(i));
                }
                return new Report(ctx.executionId(), steps);
              })
          .workflow(
              TouchTwice.class,
              (ctx, m) -> {
                ctx.run(new Touch());
                int steps = ctx.run(new Touch());
                return new Report(ctx.executionId(), steps);
              })
          .rpc(Steps.class, (ctx, m) -> ctx.state().steps())
          .build();

  private static int advance(ActivityContext<Progress> ctx, AtomicInteger sideEffect) {
    sideEffect.incrementAndGet();
    ctx.setState(new Progress(ctx.state().steps() + 1));
    return ctx.state().steps();
  }

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  private List<JournalEntry> journal(Report report) {
    return cluster.storage().journal().entries(report.executionId());
  }

  private static List<StepKind> kinds(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::kind).toList();
  }

  @Test
  void threeStepWorkflowRunsEachActivityOnce() {
    Report report = client.call("order-1", new PlaceOrder("o-1"));
    assertEquals(3, report.steps());
    assertEquals(1, reserved.get());
    assertEquals(1, charged.get());
    assertEquals(1, shipped.get());
    assertEquals(3, client.call("order-1", new Steps()));
  }

  @Test
  void threeStepWorkflowJournalsThreeActivitiesInOrder() {
    Report report = client.call("order-1", new PlaceOrder("o-1"));
    List<JournalEntry> entries = journal(report);
    assertEquals(List.of(StepKind.ACTIVITY, StepKind.ACTIVITY, StepKind.ACTIVITY), kinds(entries));
    assertEquals(List.of(1, 2, 3), entries.stream().map(JournalEntry::step).toList());
    assertEquals(
        List.of(
            "WorkflowJournalTest.Reserve",
            "WorkflowJournalTest.Charge",
            "WorkflowJournalTest.Ship"),
        entries.stream().map(JournalEntry::tag).toList());
  }

  @Test
  void tenStepWorkflowRunsEachActivityOnceAndJournalsTen() {
    Report report = client.call("batch-1", new RunSteps(10));
    assertEquals(10, report.steps());
    for (int i = 1; i <= 10; i++) {
      assertEquals(1, stepRuns.get(i), "step " + i);
    }
    List<JournalEntry> entries = journal(report);
    assertEquals(10, entries.size());
    assertEquals(
        10, entries.stream().filter(e -> e.kind() == StepKind.ACTIVITY && !e.failed()).count());
  }

  @Test
  void eachExecutionHasItsOwnJournal() {
    Report first = client.call("batch-1", new RunSteps(3));
    Report second = client.call("batch-1", new RunSteps(10));
    assertEquals(3, journal(first).size());
    assertEquals(10, journal(second).size());
    assertEquals(13, second.steps());
  }

  @Test
  void sameActivityCalledTwiceInOneWorkflowRunsTwice() {
    Report report = client.call("toucher", new TouchTwice());
    assertEquals(2, touches.get());
    assertEquals(2, report.steps());
    assertEquals(List.of(StepKind.ACTIVITY, StepKind.ACTIVITY), kinds(journal(report)));
  }
}
