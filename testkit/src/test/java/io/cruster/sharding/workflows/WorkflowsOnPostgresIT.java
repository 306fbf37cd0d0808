package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.WorkflowCancelledException;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.WorkflowStep;
import io.cruster.sharding.Workflows;
import io.cruster.testkit.FreshDatabase;
import io.cruster.testkit.WorkflowReplayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Following and steering workflows on PostgreSQL: a runner that runs them, and an observer (another
 * node on the same database that is never started, so nothing but storage notifications can wake
 * it) that joins and cancels them. Polling is made too slow to matter (a minute), so what the
 * observer sees arrives by {@code LISTEN/NOTIFY}.
 */
@Timeout(300)
class WorkflowsOnPostgresIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ShardingConfig SLOW_POLLING =
      ShardingConfig.builder().storagePollInterval(Duration.ofMinutes(1)).build();

  private final Orders orders = new Orders();
  private FreshDatabase db;
  private SingleRunner runner;
  private SingleRunner observer;
  private EntityClient client;

  @BeforeEach
  void start() {
    db = FreshDatabase.create("workflows");
    runner = SingleRunner.builder().jdbcUrl(db.url()).config(SLOW_POLLING).build();
    client = runner.register(orders.type);
    runner.start();
    observer = SingleRunner.builder().jdbcUrl(db.url()).config(SLOW_POLLING).build();
    observer.register(orders.type);
  }

  @AfterEach
  void stop() {
    observer.close();
    runner.close();
    db.close();
  }

  private static void untilStatus(WorkflowHandle<?> h, WorkflowStatus status) {
    await().atMost(PATIENCE).until(() -> h.status() == status);
  }

  @Test
  void anotherNodeJoinsAndIsWokenByTheStoredReply() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(4200));
    untilStatus(h, WorkflowStatus.SLEEPING);
    WorkflowHandle<String> watched = observer.workflows().handle(h.executionId(), String.class);
    CompletableFuture<String> joined = watched.joinAsync();
    assertEquals(WorkflowStatus.SLEEPING, watched.status());

    // An hour's sleep does not end here: a quick workflow shows the wake-up by a stored reply.
    WorkflowHandle<String> quick = client.start("o-2", new Orders.QuickCharge(5));
    assertEquals(
        "charge-5", observer.workflows().handle(quick.executionId(), String.class).join(PATIENCE));
    assertFalse(joined.isDone());
    assertTrue(h.cancel("test over"));
    assertThrows(WorkflowCancelledException.class, () -> watched.join(PATIENCE));
  }

  @Test
  void anotherNodeCancelsAWorkflowSleepingOnTheRunner() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    CompletableFuture<String> runnerJoin = h.joinAsync();
    WorkflowHandle<String> fromObserver =
        observer.workflows().handle(h.executionId(), String.class);
    CompletableFuture<String> observerJoin = fromObserver.joinAsync();

    assertTrue(fromObserver.cancel("customer asked"));
    assertFalse(fromObserver.cancel("again"));

    assertThrows(WorkflowCancelledException.class, () -> fromObserver.join(PATIENCE));
    await().atMost(PATIENCE).until(() -> runnerJoin.isDone() && observerJoin.isDone());
    assertTrue(runnerJoin.isCompletedExceptionally());
    assertTrue(observerJoin.isCompletedExceptionally());
    assertEquals(List.of("Reserve", "Release"), orders.ranFor("o-1"));
    WorkflowExecution e = observer.workflows().describe(h.executionId()).orElseThrow();
    assertEquals(WorkflowStatus.CANCELLED, e.status());
    assertEquals(
        List.of(
            WorkflowStep.Kind.ACTIVITY,
            WorkflowStep.Kind.SLEEP,
            WorkflowStep.Kind.CANCEL,
            WorkflowStep.Kind.ACTIVITY),
        e.steps().stream().map(WorkflowStep::kind).toList());
    assertEquals(0, db.number("SELECT count(*) FROM cruster_timers"));
    WorkflowReplayer.replay(orders.type, observer.workflows().history(h.executionId()));
  }

  @Test
  void aJoinSurvivesTheLossOfTheListeningConnection() {
    WorkflowHandle<String> h = client.start("o-1", new Orders.Place(100));
    untilStatus(h, WorkflowStatus.SLEEPING);
    WorkflowHandle<String> watched = observer.workflows().handle(h.executionId(), String.class);
    CompletableFuture<String> joined = watched.joinAsync();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                db.number("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'") >= 2);

    // Every listening connection dies (the runner's and the observer's); they reconnect.
    db.number(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    h.cancel("after the reconnect");

    assertThrows(WorkflowCancelledException.class, () -> watched.join(PATIENCE));
    await().atMost(PATIENCE).until(joined::isDone);
    assertTrue(joined.isCompletedExceptionally());
  }

  @Test
  void listAndDescribeTenThousandExecutionsInMixedStates() throws Exception {
    int completed = 6000;
    int failed = 1000;
    int sleeping = 2000;
    int cancelled = 1000;
    ConcurrentLinkedQueue<String> toCancel = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    List<Thread> starters = new ArrayList<>();
    int total = completed + failed + sleeping + cancelled;
    for (int t = 0; t < 32; t++) {
      starters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                      String entity = "o-" + (i % 500);
                      if (i < completed) {
                        client.start(entity, new Orders.QuickCharge(i));
                      } else if (i < completed + failed) {
                        client.start(entity, new Orders.Doomed());
                      } else {
                        WorkflowHandle<String> h = client.start(entity, new Orders.Place(i));
                        if (i >= completed + failed + sleeping) {
                          toCancel.add(h.executionId());
                        }
                      }
                    }
                  }));
    }
    for (Thread t : starters) {
      t.join();
    }
    Workflows workflows = observer.workflows();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count(workflows, WorkflowQuery.all().status(WorkflowStatus.RUNNING)) == 0);
    for (String id : toCancel) {
      assertTrue(workflows.cancel(id, "bulk cancel"));
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(workflows, WorkflowQuery.all().status(WorkflowStatus.CANCELLED))
                    == cancelled);

    assertEquals(completed, count(workflows, WorkflowQuery.all().status(WorkflowStatus.COMPLETED)));
    assertEquals(failed, count(workflows, WorkflowQuery.all().status(WorkflowStatus.FAILED)));
    assertEquals(sleeping, count(workflows, WorkflowQuery.all().status(WorkflowStatus.SLEEPING)));
    assertEquals(sleeping + cancelled, count(workflows, WorkflowQuery.all().tag("Orders.Place")));
    assertEquals(total / 500, count(workflows, WorkflowQuery.all().entityId("o-7")));
    assertEquals(
        failed,
        count(
            workflows,
            WorkflowQuery.all()
                .entityType(orders.type)
                .tag("Orders.Doomed")
                .status(WorkflowStatus.FAILED)));

    // Every execution exactly once over pages of 1000, newest first.
    List<String> seen = new ArrayList<>();
    WorkflowQuery q = WorkflowQuery.all().limit(1000);
    long t0 = System.nanoTime();
    int pages = 0;
    while (true) {
      List<WorkflowExecution> page = workflows.list(q);
      pages++;
      page.forEach(e -> seen.add(e.executionId()));
      if (page.size() < 1000) {
        break;
      }
      q = q.after(page.get(page.size() - 1));
    }
    long perPageMicros = (System.nanoTime() - t0) / 1000 / pages;
    assertEquals(total, seen.size());
    assertEquals(total, new HashSet<>(seen).size());
    System.out.println(
        "listed " + total + " executions in " + pages + " pages, " + perPageMicros + " us a page");

    WorkflowExecution cancelledOne = workflows.describe(toCancel.peek()).orElseThrow();
    assertEquals(Optional.of("bulk cancel"), cancelledOne.cancelReason());
    assertEquals(4, cancelledOne.steps().size());
  }

  private static int count(Workflows workflows, WorkflowQuery q) {
    int n = 0;
    WorkflowQuery page = q.limit(1000);
    while (true) {
      List<WorkflowExecution> got = workflows.list(page);
      n += got.size();
      if (got.size() < 1000) {
        return n;
      }
      page = page.after(got.get(got.size() - 1));
    }
  }
}
