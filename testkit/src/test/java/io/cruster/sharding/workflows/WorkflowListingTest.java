package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.WorkflowStep;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class WorkflowListingTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final Orders orders = new Orders();
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(orders.type);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void describeShowsTheStepsWithTheirKindsTimesAndSizes() {
    Instant t0 = cluster.clock().now();
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    await().atMost(PATIENCE).until(() -> h.status() == WorkflowStatus.SLEEPING);

    WorkflowExecution sleeping = cluster.workflows().describe(h.executionId()).orElseThrow();
    assertEquals(2, sleeping.steps().size());
    WorkflowStep sleep = sleeping.steps().get(1);
    assertEquals(WorkflowStep.Kind.SLEEP, sleep.kind());
    assertEquals(Optional.empty(), sleep.endedAt()); // still sleeping

    cluster.clock().advance(Duration.ofHours(1));
    await().atMost(PATIENCE).until(() -> h.status() == WorkflowStatus.AWAITING);
    client.resolve("o-1", Orders.APPROVAL, true);
    h.join(PATIENCE);

    WorkflowExecution done = cluster.workflows().describe(h.executionId()).orElseThrow();
    assertEquals(WorkflowStatus.COMPLETED, done.status());
    assertEquals("Order", done.entityType());
    assertEquals("o-1", done.entityId());
    assertEquals("Orders.Place", done.tag());
    assertEquals(t0, done.startedAt());
    assertTrue(done.endedAt().isPresent());
    assertEquals(
        List.of(
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.SLEEP,
            WorkflowStep.Kind.AWAIT,
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.ACTIVITY),
        done.steps().stream().map(WorkflowStep::kind).toList());
    assertEquals(
        List.of("Orders.Reserve", "sleep", "await:approval", "Orders.Charge", "Orders.Ship"),
        done.steps().stream().map(WorkflowStep::tag).toList());
    assertEquals(Optional.of(t0.plus(Duration.ofHours(1))), done.steps().get(1).endedAt());
    assertEquals(done.steps().get(1).endedAt().get(), done.steps().get(2).startedAt());
    for (WorkflowStep s : done.steps()) {
      assertFalse(s.failed());
      assertTrue(s.payloadBytes() > 0, s.toString());
      assertFalse(s.endedAt().orElseThrow().isBefore(s.startedAt()), s.toString());
    }
  }

  @Test
  void listFiltersAndPagesThroughExecutionsInMixedStates() {
    // 40 completed, 10 failed, 20 sleeping, 10 awaiting, started one second apart.
    List<WorkflowHandle<String>> sleeping = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String id = "o-" + (i % 8);
      WorkflowHandle<String> h =
          i < 40
              ? client.start(id, new Orders.QuickCharge(i))
              : i < 50
                  ? client.start(id, new Orders.Doomed())
                  : client.start(id, new Orders.Place(i));
      if (i >= 50) {
        sleeping.add(h);
      }
      cluster.clock().advance(Duration.ofSeconds(1));
    }
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                cluster
                    .workflows()
                    .list(WorkflowQuery.all().status(WorkflowStatus.RUNNING))
                    .isEmpty());
    cluster.clock().advance(Duration.ofHours(1)); // the first ten Place wake and await
    // (the clock moved for all; those started last slept less: advance moves all timers)
    await()
        .atMost(PATIENCE)
        .until(() -> count(WorkflowQuery.all().status(WorkflowStatus.AWAITING)) == 30);

    assertEquals(80, count(WorkflowQuery.all().entityType(orders.type)));
    assertEquals(40, count(WorkflowQuery.all().status(WorkflowStatus.COMPLETED)));
    assertEquals(10, count(WorkflowQuery.all().status(WorkflowStatus.FAILED)));
    assertEquals(10, count(WorkflowQuery.all().entityId("o-3")));
    assertEquals(30, count(WorkflowQuery.all().tag("Orders.Place")));
    assertEquals(
        50, count(WorkflowQuery.all().status(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED)));
    assertEquals(0, count(WorkflowQuery.all().entityType("Return")));

    // Paging: every execution once, newest first.
    List<String> seen = new ArrayList<>();
    WorkflowQuery q = WorkflowQuery.all().limit(7);
    List<WorkflowExecution> page;
    do {
      page = cluster.workflows().list(q);
      page.forEach(e -> seen.add(e.executionId()));
      if (!page.isEmpty()) {
        q = q.after(page.get(page.size() - 1));
      }
    } while (page.size() == 7);
    assertEquals(80, seen.size());
    assertEquals(80, new HashSet<>(seen).size());
    List<WorkflowExecution> all = cluster.workflows().list(WorkflowQuery.all().limit(1000));
    for (int i = 1; i < all.size(); i++) {
      assertFalse(all.get(i).startedAt().isAfter(all.get(i - 1).startedAt()));
    }
    Instant middle = all.get(40).startedAt();
    assertEquals(39, count(WorkflowQuery.all().startedBefore(middle)));
    assertEquals(40, count(WorkflowQuery.all().startedAfter(middle)));
    assertTrue(all.stream().allMatch(e -> e.steps().isEmpty()));
    Set<WorkflowStatus> statuses = new HashSet<>();
    all.forEach(e -> statuses.add(e.status()));
    assertEquals(
        Set.of(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.AWAITING), statuses);
  }

  private int count(WorkflowQuery q) {
    return cluster.workflows().list(q.limit(1000)).size();
  }

  @Test
  void badQueriesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WorkflowQuery.all().limit(0));
    assertThrows(IllegalArgumentException.class, () -> WorkflowQuery.all().cursor("garbage"));
    assertThrows(NullPointerException.class, () -> cluster.workflows().list(null));
    assertThrows(NullPointerException.class, () -> cluster.workflows().describe(null));
  }
}
