package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.FencedException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ExecutionStore} writes: start, status changes folded into other writes,
 * the end, cancel requests, and the record following its request through failures and re-opens.
 */
abstract class ExecutionLifecycleContract extends ContractBase {

  static final ReplyRecord OK = new ReplyRecord("wf-1", false, bytes("shipped"), at(30));
  static final ReplyRecord BOOM = new ReplyRecord("wf-1", true, bytes("boom"), at(30));

  private ExecutionStore executions() {
    return storage.executions();
  }

  private ExecutionRecord record(String id) {
    return executions().find(id).orElseThrow();
  }

  private void start(String id) {
    assertInstanceOf(
        SaveOutcome.Saved.class,
        executions().start(request(id), Optional.empty(), List.of()),
        "start of " + id);
  }

  @Test
  void startSavesThePendingRequestWithARunningRecord() {
    start("wf-1");

    assertEquals(RequestStatus.PENDING, storage.messages().find("wf-1").orElseThrow().status());
    ExecutionRecord r = record("wf-1");
    assertEquals(ExecutionStatus.RUNNING, r.status());
    assertEquals(COUNTER_1, r.address());
    assertEquals(SHARD_1, r.shard());
    assertEquals("Increment", r.tag());
    assertEquals(T0, r.startedAt());
    assertEquals(Optional.empty(), r.endedAt());
    assertEquals(Optional.empty(), r.restartedFrom());
    assertArrayEquals(bytes("payload of wf-1"), executions().input("wf-1").orElseThrow());
  }

  @Test
  void aDuplicateStartWritesNothing() {
    start("wf-1");

    SaveOutcome again =
        executions().start(request("wf-2", COUNTER_1, "wf-1"), Optional.empty(), List.of());

    assertEquals(
        "wf-1",
        assertInstanceOf(SaveOutcome.Duplicate.class, again).existing().request().requestId());
    assertEquals(Optional.empty(), executions().find("wf-2"));
  }

  @Test
  void aRestartWritesTheStepsItTakesOver() {
    executions()
        .start(request("wf-2"), Optional.of("wf-1"), List.of(entry("wf-2", 1), entry("wf-2", 2)));

    assertEquals(List.of(entry("wf-2", 1), entry("wf-2", 2)), executions().load("wf-2").journal());
    assertEquals(Optional.of("wf-1"), record("wf-2").restartedFrom());
  }

  @Test
  void startRefusesJournalEntriesOfAnotherExecutionAndWritesNothing() {
    assertThrows(
        IllegalArgumentException.class,
        () -> executions().start(request("wf-1"), Optional.empty(), List.of(entry("other", 1))));

    assertEquals(Optional.empty(), storage.messages().find("wf-1"));
    assertEquals(Optional.empty(), executions().find("wf-1"));
  }

  @Test
  void aPlainSaveHasNoRecord() {
    storage.messages().save(request("r-1"));

    assertEquals(Optional.empty(), executions().find("r-1"));
    assertEquals(List.of(), executions().load("r-1").journal());
  }

  @Test
  void loadReadsTheJournalAndTheCancelRequestTogether() {
    start("wf-1");
    storage.commit(Commit.builder().journal(entry("wf-1", 1)).journal(entry("wf-1", 2)).build());
    assertEquals(Optional.empty(), executions().load("wf-1").cancel());

    executions().requestCancel("wf-1", "customer asked", at(5));

    LoadedExecution loaded = executions().load("wf-1");
    assertEquals(List.of(entry("wf-1", 1), entry("wf-1", 2)), loaded.journal());
    assertEquals(Optional.of(new CancelRequest("customer asked", at(5))), loaded.cancel());
  }

  @Test
  void aCommitChangesTheStatusWithItsJournalStepOrAlone() {
    start("wf-1");

    storage.commit(
        Commit.builder()
            .journal(entry("wf-1", 1))
            .execution(new ExecutionUpdate("wf-1", ExecutionStatus.SLEEPING))
            .build());
    assertEquals(ExecutionStatus.SLEEPING, record("wf-1").status());

    storage.commit(
        Commit.builder().execution(new ExecutionUpdate("wf-1", ExecutionStatus.RUNNING)).build());
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void aStatusChangeLeavesAFinishedExecutionAlone() {
    start("wf-1");
    executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty());

    storage.commit(
        Commit.builder().execution(new ExecutionUpdate("wf-1", ExecutionStatus.SLEEPING)).build());

    assertEquals(ExecutionStatus.COMPLETED, record("wf-1").status());
  }

  @Test
  void aConflictingJournalStepLeavesTheStatusAsItWas() {
    start("wf-1");
    storage.commit(Commit.builder().journal(entry("wf-1", 1)).build());

    assertThrows(
        io.cruster.persistence.StorageException.class,
        () ->
            storage.commit(
                Commit.builder()
                    .journal(entry("wf-1", 1))
                    .execution(new ExecutionUpdate("wf-1", ExecutionStatus.SLEEPING))
                    .build()));

    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void aWakeUpCommitDeletesTheTimerAndMarksRunning() {
    start("wf-1");
    TimerRecord timer = new TimerRecord("wf-1/1", COUNTER_1, SHARD_1, "wf-1", 1, at(60));
    storage.commit(
        Commit.builder()
            .journal(entry("wf-1", 1))
            .timer(timer)
            .execution(new ExecutionUpdate("wf-1", ExecutionStatus.SLEEPING))
            .build());
    assertEquals(ExecutionStatus.SLEEPING, record("wf-1").status());

    storage.commit(wakeUp("wf-1", "wf-1/1").build());

    assertEquals(List.of(), storage.timers().forEntity(COUNTER_1));
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  /** The commit a workflow makes when its durable sleep is over. */
  private static Commit.Builder wakeUp(String executionId, String timerId) {
    return Commit.builder()
        .deleteTimer(timerId)
        .execution(new ExecutionUpdate(executionId, ExecutionStatus.RUNNING));
  }

  @Test
  void awaitDeferredMarksAwaitingWhileTheSlotIsEmpty() {
    start("wf-1");

    assertEquals(Optional.empty(), executions().awaitDeferred("wf-1", COUNTER_1, "approval"));
    assertEquals(ExecutionStatus.AWAITING, record("wf-1").status());

    storage.deferreds().resolve(COUNTER_1, "approval", bytes("yes"));
    assertArrayEquals(
        bytes("yes"), executions().awaitDeferred("wf-1", COUNTER_1, "approval").orElseThrow());
  }

  @Test
  void anAwaitWithAStaleTokenIsRefusedAndMarksNothing() {
    start("wf-1");
    FencingToken stale = storage.fenceShards(List.of(SHARD_1)).get(0);
    FencingToken current = storage.fenceShards(List.of(SHARD_1)).get(0);

    FencedException refused =
        assertThrows(
            FencedException.class,
            () -> executions().awaitDeferred("wf-1", COUNTER_1, "approval", Optional.of(stale)));

    assertEquals(current.epoch(), refused.currentEpoch());
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
    assertEquals(
        Optional.empty(),
        executions().awaitDeferred("wf-1", COUNTER_1, "approval", Optional.of(current)));
    assertEquals(ExecutionStatus.AWAITING, record("wf-1").status());
    storage.deferreds().resolve(COUNTER_1, "approval", bytes("yes"));
    assertArrayEquals(
        bytes("yes"),
        executions()
            .awaitDeferred("wf-1", COUNTER_1, "approval", Optional.of(current))
            .orElseThrow());
  }

  @Test
  void awaitDeferredOfAResolvedSlotLeavesTheStatusRunning() {
    start("wf-1");
    storage.deferreds().resolve(COUNTER_1, "approval", bytes("yes"));

    assertTrue(executions().awaitDeferred("wf-1", COUNTER_1, "approval").isPresent());

    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void finishEndsTheRequestAndTheRecordTogether() {
    start("wf-1");

    assertTrue(executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty()));

    RequestState request = storage.messages().find("wf-1").orElseThrow();
    assertEquals(RequestStatus.DONE, request.status());
    assertEquals(Optional.of(OK), request.reply());
    ExecutionRecord r = record("wf-1");
    assertEquals(ExecutionStatus.COMPLETED, r.status());
    assertEquals(Optional.of(at(30)), r.endedAt());
    assertEquals(Optional.of(OK), r.reply());
    assertEquals(Optional.empty(), r.failure());
  }

  @Test
  void finishIsFirstWins() {
    start("wf-1");
    executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty());

    assertFalse(executions().finish(BOOM, ExecutionStatus.FAILED, Optional.of("boom")));

    assertEquals(ExecutionStatus.COMPLETED, record("wf-1").status());
    assertEquals(Optional.of(OK), storage.messages().find("wf-1").orElseThrow().reply());
  }

  @Test
  void finishOfAnUnknownExecutionIsFalse() {
    assertFalse(executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty()));
  }

  @Test
  void aFencedFinishWithTheCurrentTokenEndsTheExecution() {
    start("wf-1");
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);

    assertTrue(
        executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty(), Optional.of(token)));

    assertEquals(ExecutionStatus.COMPLETED, record("wf-1").status());
  }

  @Test
  void aFinishWithAStaleTokenIsRefusedAndEndsNothing() {
    start("wf-1");
    FencingToken stale = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.fenceShards(List.of(SHARD_1)); // another runner acquired the shard since

    FencedException refused =
        assertThrows(
            FencedException.class,
            () ->
                executions()
                    .finish(OK, ExecutionStatus.COMPLETED, Optional.empty(), Optional.of(stale)));

    assertEquals(stale.epoch() + 1, refused.currentEpoch());
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
    assertEquals(RequestStatus.PENDING, storage.messages().find("wf-1").orElseThrow().status());
  }

  @Test
  void aWakeWithAStaleTokenIsRefusedAndKeepsTheTimer() {
    start("wf-1");
    FencingToken stale = storage.fenceShards(List.of(SHARD_1)).get(0);
    TimerRecord timer = new TimerRecord("wf-1/1", COUNTER_1, SHARD_1, "wf-1", 1, at(60));
    storage.commit(
        Commit.builder()
            .journal(entry("wf-1", 1))
            .timer(timer)
            .execution(new ExecutionUpdate("wf-1", ExecutionStatus.SLEEPING))
            .fence(stale)
            .build());
    FencingToken current = storage.fenceShards(List.of(SHARD_1)).get(0);

    assertThrows(
        FencedException.class, () -> storage.commit(wakeUp("wf-1", "wf-1/1").fence(stale).build()));

    assertEquals(List.of(timer), storage.timers().forEntity(COUNTER_1));
    assertEquals(ExecutionStatus.SLEEPING, record("wf-1").status());
    storage.commit(wakeUp("wf-1", "wf-1/1").fence(current).build());
    assertEquals(List.of(), storage.timers().forEntity(COUNTER_1));
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void finishRefusesALiveStatus() {
    start("wf-1");

    assertThrows(
        IllegalArgumentException.class,
        () -> executions().finish(OK, ExecutionStatus.SLEEPING, Optional.empty()));
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void aFailedExecutionLeavesItsRequestReRunnableAndReopensWithIt() {
    start("wf-1");
    executions().finish(BOOM, ExecutionStatus.FAILED, Optional.of("EntityException: boom"));
    assertEquals(RequestStatus.FAILED, storage.messages().find("wf-1").orElseThrow().status());
    assertEquals(Optional.of("EntityException: boom"), record("wf-1").failure());

    assertTrue(storage.messages().reopen("wf-1"));

    ExecutionRecord r = record("wf-1");
    assertEquals(ExecutionStatus.RUNNING, r.status());
    assertEquals(Optional.empty(), r.endedAt());
    assertEquals(Optional.empty(), r.failure());
    assertEquals(Optional.empty(), r.reply());
  }

  @Test
  void aCancelledExecutionIsDoneNotReRunnable() {
    start("wf-1");
    executions().requestCancel("wf-1", "customer asked", at(10));

    executions().finish(BOOM, ExecutionStatus.CANCELLED, Optional.of("cancelled: customer asked"));

    assertEquals(RequestStatus.DONE, storage.messages().find("wf-1").orElseThrow().status());
    assertFalse(storage.messages().reopen("wf-1"));
    ExecutionRecord r = record("wf-1");
    assertEquals(ExecutionStatus.CANCELLED, r.status());
    assertEquals(Optional.of(new CancelRequest("customer asked", at(10))), r.cancel());
  }

  @Test
  void aCancelIsRecordedOnceAndNeverAfterTheEnd() {
    start("wf-1");
    start("wf-2");
    executions()
        .finish(
            new ReplyRecord("wf-2", false, bytes("x"), at(5)),
            ExecutionStatus.COMPLETED,
            Optional.empty());

    assertTrue(executions().requestCancel("wf-1", "first", at(10)));
    assertFalse(executions().requestCancel("wf-1", "second", at(11)));
    assertFalse(executions().requestCancel("wf-2", "too late", at(12)));
    assertFalse(executions().requestCancel("unknown", "nobody", at(13)));

    assertEquals(Optional.of(new CancelRequest("first", at(10))), record("wf-1").cancel());
    assertEquals(Optional.empty(), record("wf-2").cancel());
  }

  @Test
  void aCancelNeedsAReason() {
    start("wf-1");

    assertThrows(
        IllegalArgumentException.class, () -> executions().requestCancel("wf-1", " ", at(10)));
    assertThrows(
        NullPointerException.class, () -> executions().requestCancel("wf-1", null, at(10)));
    assertEquals(Optional.empty(), record("wf-1").cancel());
  }

  @Test
  void aDeadLetteredRequestEndsItsRecordFailedAndRedriveReopensIt() {
    start("wf-1");

    storage.messages().recordFailure("wf-1", "no handler here", 1);

    ExecutionRecord r = record("wf-1");
    assertEquals(ExecutionStatus.FAILED, r.status());
    assertTrue(r.endedAt().isPresent());
    assertTrue(r.failure().orElseThrow().contains("no handler here"), r.failure().toString());

    assertTrue(storage.messages().reopen("wf-1"));
    assertEquals(ExecutionStatus.RUNNING, record("wf-1").status());
  }

  @Test
  void aLateReplyToADeadLetteredExecutionEndsItWithTheReply() {
    start("wf-1");
    storage.messages().recordFailure("wf-1", "lost", 1);

    assertTrue(executions().finish(OK, ExecutionStatus.COMPLETED, Optional.empty()));

    assertEquals(ExecutionStatus.COMPLETED, record("wf-1").status());
    assertEquals(Optional.of(OK), record("wf-1").reply());
  }

  @Test
  void failEndsTheRecordFailed() {
    start("wf-1");

    storage.messages().fail(BOOM);

    assertEquals(ExecutionStatus.FAILED, record("wf-1").status());
    assertEquals(Optional.of(BOOM), record("wf-1").reply());
  }
}
