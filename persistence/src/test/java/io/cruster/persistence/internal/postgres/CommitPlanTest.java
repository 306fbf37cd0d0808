package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.StoredState;
import io.cruster.persistence.spi.TimerRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reductions that let many commits share one statement per table without changing the outcome.
 */
class CommitPlanTest {
  private static final EntityAddress A = new EntityAddress("Counter", "a");
  private static final EntityAddress B = new EntityAddress("Counter", "b");
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static TimerRecord timer(String id, int step) {
    return new TimerRecord(id, A, new ShardId("default", 1), "exec", step, T);
  }

  @Test
  void writesOfOneEntityGoInSuccessiveRounds() {
    Commit a1 = Commit.builder().state(new StateWrite(A, StoredState.of(bytes("a1"), 1))).build();
    Commit b1 = Commit.builder().state(new StateWrite(B, StoredState.of(bytes("b1"), 1))).build();
    Commit a2 = Commit.builder().state(new StateWrite(A, StoredState.of(bytes("a2"), 2))).build();

    CommitPlan plan = CommitPlan.of(List.of(a1, b1, a2));

    assertEquals(2, plan.stateRounds.size());
    assertEquals(List.of(a1.state().get(), b1.state().get()), plan.stateRounds.get(0));
    assertEquals(List.of(a2.state().get()), plan.stateRounds.get(1));
  }

  @Test
  void theFirstReplyToARequestWins() {
    ReplyRecord first = new ReplyRecord("r-1", false, bytes("first"), T);
    ReplyRecord second = new ReplyRecord("r-1", false, bytes("second"), T);

    CommitPlan plan =
        CommitPlan.of(
            List.of(Commit.builder().reply(first).build(), Commit.builder().reply(second).build()));

    assertEquals(List.of(first), plan.replies);
  }

  @Test
  void deferredWritesOfASlotFoldIntoOne() {
    DeferredWrite resolveX = DeferredWrite.resolve(A, "x", bytes("1"));
    DeferredWrite resolveX2 = DeferredWrite.resolve(A, "x", bytes("2"));
    DeferredWrite clearY = DeferredWrite.clear(A, "y");
    DeferredWrite resolveY = DeferredWrite.resolve(A, "y", bytes("3"));
    DeferredWrite resolveZ = DeferredWrite.resolve(A, "z", bytes("4"));
    DeferredWrite clearZ = DeferredWrite.clear(A, "z");

    CommitPlan plan =
        CommitPlan.of(
            List.of(
                Commit.builder().deferred(resolveX).deferred(clearY).deferred(resolveZ).build(),
                Commit.builder().deferred(resolveX2).deferred(resolveY).deferred(clearZ).build()));

    assertEquals(List.of(resolveX), plan.resolves); // a second resolve is a no-op: first wins
    assertEquals(
        List.of(resolveY), plan.overwrites); // resolved after a clear: whatever was stored goes
    assertEquals(
        List.of(new CommitPlan.Slot(A, "z")), plan.clears); // a clear at the end empties it
  }

  @Test
  void theLastOperationOnATimerWinsWithDeletesAfterAddsInACommit() {
    CommitPlan plan =
        CommitPlan.of(
            List.of(
                Commit.builder()
                    .timer(timer("t-1", 1))
                    .timer(timer("t-2", 1))
                    .deleteTimer("t-2")
                    .build(),
                Commit.builder().timer(timer("t-1", 2)).deleteTimer("t-3").build()));

    assertEquals(List.of(timer("t-1", 2)), plan.timerPuts);
    assertEquals(List.of("t-2", "t-3"), plan.timerDeletes);
  }
}
