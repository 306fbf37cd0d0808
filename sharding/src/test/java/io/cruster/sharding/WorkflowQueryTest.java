package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowQueryTest {

  @Test
  void eachFilterReturnsANewQuery() {
    WorkflowQuery all = WorkflowQuery.all();
    WorkflowQuery q =
        all.entityType("Order")
            .entityId("o-1")
            .tag("Order.Place")
            .status(WorkflowStatus.AWAITING, WorkflowStatus.SLEEPING)
            .startedAfter(Instant.EPOCH)
            .startedBefore(Instant.EPOCH.plusSeconds(1))
            .limit(7);

    assertEquals(Optional.empty(), all.entityType());
    assertEquals(WorkflowQuery.DEFAULT_LIMIT, all.limit());
    assertEquals(Optional.of("Order"), q.entityType());
    assertEquals(Optional.of("o-1"), q.entityId());
    assertEquals(Optional.of("Order.Place"), q.tag());
    assertEquals(Set.of(WorkflowStatus.AWAITING, WorkflowStatus.SLEEPING), q.statuses());
    assertEquals(7, q.limit());
  }

  @Test
  void theCursorOfAnExecutionLeadsToThePageAfterIt() {
    Instant started = Instant.parse("2025-01-01T00:00:00.123456Z");
    WorkflowExecution last =
        new WorkflowExecution(
            "exec|42",
            "Order",
            "o-1",
            "Order.Place",
            WorkflowStatus.RUNNING,
            started,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of());

    WorkflowQuery next = WorkflowQuery.all().after(last);

    assertEquals(Optional.of(last.cursor()), next.cursor());
    var position = io.cruster.sharding.internal.ExecutionCursor.decode(last.cursor());
    assertEquals(started, position.startedAt());
    assertEquals("exec|42", position.executionId());
  }

  @Test
  void badInputIsRefused() {
    WorkflowQuery all = WorkflowQuery.all();
    assertThrows(IllegalArgumentException.class, () -> all.limit(0));
    assertThrows(IllegalArgumentException.class, () -> all.limit(WorkflowQuery.MAX_LIMIT + 1));
    assertThrows(IllegalArgumentException.class, () -> all.entityType(" "));
    assertThrows(IllegalArgumentException.class, () -> all.entityId(""));
    assertThrows(IllegalArgumentException.class, () -> all.cursor("not a cursor"));
    assertThrows(NullPointerException.class, () -> all.tag(null));
    assertThrows(NullPointerException.class, () -> all.status(WorkflowStatus.RUNNING, null));
  }
}
