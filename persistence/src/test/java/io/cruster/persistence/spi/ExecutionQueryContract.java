package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link ExecutionStore} reads (find, findAll, list with its filters, order and
 * paging), the purge and the listeners.
 */
abstract class ExecutionQueryContract extends ContractBase {

  private ExecutionStore executions() {
    return storage.executions();
  }

  /** Starts an execution at second {@code second}. */
  private void start(String id, String type, String entityId, String tag, int second) {
    RequestRecord r =
        new RequestRecord(
            id,
            new EntityAddress(type, entityId),
            SHARD_1,
            tag,
            bytes(id),
            id,
            true,
            at(second),
            at(second));
    executions().start(r, Optional.empty(), List.of());
  }

  private void end(String id, ExecutionStatus status, int second) {
    executions()
        .finish(
            new ReplyRecord(id, status != ExecutionStatus.COMPLETED, bytes("r"), at(second)),
            status,
            status == ExecutionStatus.COMPLETED ? Optional.empty() : Optional.of("failed"));
  }

  private List<String> ids(ExecutionQuery q) {
    return executions().list(q).stream().map(ExecutionRecord::executionId).toList();
  }

  /**
   * Order-1 (type A, entity a1, Place, second 1) ... order-6; two Returns; statuses mixed: order-1
   * COMPLETED, order-2 FAILED, order-3 SLEEPING, order-4 AWAITING, order-5 and order-6 RUNNING.
   */
  private void sixOrdersAndTwoReturns() {
    start("order-1", "Order", "a1", "Order.Place", 1);
    start("order-2", "Order", "a2", "Order.Place", 2);
    start("order-3", "Order", "a1", "Order.Place", 3);
    start("order-4", "Order", "a3", "Order.Place", 4);
    start("order-5", "Order", "a1", "Order.Cancel", 5);
    start("order-6", "Order", "a2", "Order.Place", 6);
    start("return-1", "Return", "a1", "Return.Open", 2);
    start("return-2", "Return", "r2", "Return.Open", 7);
    end("order-1", ExecutionStatus.COMPLETED, 20);
    end("order-2", ExecutionStatus.FAILED, 21);
    storage.commit(
        Commit.builder()
            .journal(entry("order-3", 1))
            .execution(new ExecutionUpdate("order-3", ExecutionStatus.SLEEPING))
            .build());
    executions().awaitDeferred("order-4", new EntityAddress("Order", "a3"), "approval");
  }

  @Test
  void listsEverythingNewestFirst() {
    sixOrdersAndTwoReturns();

    assertEquals(
        List.of(
            "return-2",
            "order-6",
            "order-5",
            "order-4",
            "order-3",
            "return-1",
            "order-2",
            "order-1"),
        ids(ExecutionQuery.all(100)));
  }

  @Test
  void filtersCombine() {
    sixOrdersAndTwoReturns();
    ExecutionQuery all = ExecutionQuery.all(100);

    assertEquals(
        List.of("order-6", "order-5", "order-4", "order-3", "order-2", "order-1"),
        ids(all.withEntityType("Order")));
    assertEquals(List.of("order-5", "order-3", "return-1", "order-1"), ids(all.withEntityId("a1")));
    assertEquals(
        List.of("order-5", "order-3", "order-1"),
        ids(all.withEntityType("Order").withEntityId("a1")));
    assertEquals(List.of("order-5"), ids(all.withTag("Order.Cancel")));
    assertEquals(
        List.of("order-6", "order-4", "order-3", "order-2", "order-1"),
        ids(all.withEntityType("Order").withTag("Order.Place")));
    assertEquals(List.of("order-4"), ids(all.withStatuses(Set.of(ExecutionStatus.AWAITING))));
    assertEquals(
        List.of("order-3"),
        ids(all.withEntityType("Order").withStatuses(Set.of(ExecutionStatus.SLEEPING))));
    assertEquals(
        List.of("order-2", "order-1"),
        ids(all.withStatuses(Set.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED))));
    assertEquals(
        List.of("return-2", "order-6", "order-5", "return-1"),
        ids(all.withStatuses(Set.of(ExecutionStatus.RUNNING))));
    assertEquals(
        List.of("order-5", "order-3", "return-1"),
        ids(
            all.withEntityId("a1")
                .withStatuses(Set.of(ExecutionStatus.RUNNING, ExecutionStatus.SLEEPING))));
    assertEquals(
        List.of("order-5", "order-4", "order-3"),
        ids(all.withEntityType("Order").withStartedAfter(at(2)).withStartedBefore(at(6))));
    assertEquals(
        List.of("return-1"),
        ids(all.withEntityId("a1").withStartedBefore(at(3)).withStartedAfter(at(1))));
    assertEquals(List.of(), ids(all.withEntityType("Nothing")));
  }

  @Test
  void pagesFollowEachOtherWithoutGapsOrRepeats() {
    for (int i = 0; i < 25; i++) {
      // pairs share a start second, so the id breaks the tie
      start(String.format("wf-%02d", i), "Order", "e" + (i % 3), "Order.Place", i / 2);
    }
    for (ExecutionQuery base :
        List.of(
            ExecutionQuery.all(4),
            ExecutionQuery.all(4).withEntityType("Order"),
            ExecutionQuery.all(4).withEntityId("e1"),
            ExecutionQuery.all(4).withStatuses(Set.of(ExecutionStatus.RUNNING)))) {
      List<String> paged = new ArrayList<>();
      ExecutionQuery q = base;
      while (true) {
        List<ExecutionRecord> page = executions().list(q);
        page.forEach(r -> paged.add(r.executionId()));
        if (page.size() < base.limit()) {
          break;
        }
        q = base.withAfter(ExecutionQuery.Position.of(page.get(page.size() - 1)));
      }
      assertEquals(ids(base.withLimit(1000)), paged, base.toString());
    }
  }

  @Test
  void listHonoursItsLimitAndLeavesRepliesOut() {
    sixOrdersAndTwoReturns();

    List<ExecutionRecord> page = executions().list(ExecutionQuery.all(3));

    assertEquals(3, page.size());
    assertTrue(
        executions().list(ExecutionQuery.all(100)).stream().allMatch(r -> r.reply().isEmpty()));
    assertTrue(executions().find("order-1").orElseThrow().reply().isPresent());
  }

  @Test
  void queriesRefuseBadInput() {
    assertThrows(IllegalArgumentException.class, () -> ExecutionQuery.all(0));
    assertThrows(
        IllegalArgumentException.class, () -> ExecutionQuery.all(ExecutionQuery.MAX_LIMIT + 1));
    assertThrows(IllegalArgumentException.class, () -> ExecutionQuery.all(10).withEntityType(" "));
  }

  @Test
  void findAllReturnsTheKnownOnesWithoutReplies() {
    sixOrdersAndTwoReturns();

    List<ExecutionRecord> found = executions().findAll(List.of("order-1", "order-3", "nobody"));

    assertEquals(
        Set.of("order-1", "order-3"),
        Set.copyOf(found.stream().map(ExecutionRecord::executionId).toList()));
    assertTrue(found.stream().allMatch(r -> r.reply().isEmpty()));
    assertEquals(List.of(), executions().findAll(List.of()));
  }

  @Test
  void unknownExecutionsAreEmpty() {
    assertEquals(Optional.empty(), executions().find("nobody"));
    assertEquals(Optional.empty(), executions().input("nobody"));
    assertEquals(List.of(), executions().load("nobody").journal());
    assertEquals(Optional.empty(), executions().load("nobody").cancel());
  }

  @Test
  void purgeDeletesExecutionsEndedBeforeTheCutoffWithJournalsAndRequests() {
    sixOrdersAndTwoReturns();
    storage.commit(Commit.builder().journal(entry("order-1", 1)).build());

    assertEquals(List.of("order-1"), executions().purge(at(21), 100));

    assertEquals(Optional.empty(), executions().find("order-1"));
    assertEquals(List.of(), storage.journal().entries("order-1"));
    assertEquals(Optional.empty(), storage.messages().find("order-1"));
    assertTrue(executions().find("order-2").isPresent());
    assertTrue(executions().find("order-3").isPresent());
    assertEquals(List.of("order-2"), executions().purge(at(100), 100));
    assertEquals(List.of(), executions().purge(at(100), 100));
    assertEquals(6, executions().list(ExecutionQuery.all(100)).size());
  }

  @Test
  void purgeHonoursItsLimit() {
    for (int i = 0; i < 5; i++) {
      start("wf-" + i, "Order", "e", "Order.Place", i);
      end("wf-" + i, ExecutionStatus.COMPLETED, 10 + i);
    }

    assertEquals(List.of("wf-0", "wf-1"), executions().purge(at(100), 2));
    assertEquals(3, executions().purge(at(100), 10).size());
    assertThrows(IllegalArgumentException.class, () -> executions().purge(at(100), -1));
  }

  /** What a listener was told, in order. */
  static final class Recorder implements ExecutionListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void ended(String executionId) {
      events.add("ended " + executionId);
    }

    @Override
    public void cancelRequested(String executionId) {
      events.add("cancel " + executionId);
    }

    @Override
    public void missed() {
      events.add("missed");
    }
  }

  @Test
  @Timeout(30)
  void listenersHearOfEndsAndCancelsUntilTheyUnsubscribe() {
    start("wf-1", "Order", "a1", "Order.Place", 1);
    start("wf-2", "Order", "a1", "Order.Place", 2);
    Recorder recorder = new Recorder();
    ExecutionStore.Subscription subscription = executions().subscribe(recorder);
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.contains("missed"));

    executions().requestCancel("wf-1", "stop", at(3));
    end("wf-1", ExecutionStatus.CANCELLED, 4);
    storage.messages().recordFailure("wf-2", "lost", 1);

    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.contains("ended wf-2"));
    assertEquals(
        List.of("missed", "cancel wf-1", "ended wf-1", "ended wf-2"), List.copyOf(recorder.events));

    subscription.close();
    start("wf-3", "Order", "a1", "Order.Place", 5);
    end("wf-3", ExecutionStatus.COMPLETED, 6);
    Recorder later = new Recorder();
    try (ExecutionStore.Subscription s = executions().subscribe(later)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> later.events.contains("missed"));
      start("wf-4", "Order", "a1", "Order.Place", 7);
      end("wf-4", ExecutionStatus.COMPLETED, 8);
      await().atMost(Duration.ofSeconds(10)).until(() -> later.events.contains("ended wf-4"));
    }
    assertTrue(recorder.events.stream().noneMatch(e -> e.contains("wf-3") || e.contains("wf-4")));
  }
}
