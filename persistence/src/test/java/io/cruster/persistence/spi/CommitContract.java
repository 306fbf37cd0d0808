package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.COUNTER_2;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static io.cruster.persistence.spi.Fixtures.state;
import static io.cruster.persistence.spi.Fixtures.stateCommit;
import static io.cruster.persistence.spi.Fixtures.timer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.persistence.StorageException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Storage#commit}: every write of a commit applies, or none does. Each test
 * starts from a storage holding state version 1, journal step 1, a pending request, a resolved and
 * an empty deferred, and a timer, then checks that a failing commit touched none of them.
 */
abstract class CommitContract extends ContractBase {

  @BeforeEach
  void storeOneOfEverything() {
    storage.messages().save(request("r-1"));
    storage.commit(
        Commit.builder()
            .state(new StateWrite(COUNTER_1, state("one", 1)))
            .journal(entry("exec-1", 1))
            .deferred(DeferredWrite.resolve(COUNTER_1, "resolved", bytes("first")))
            .timer(timer("t-1", COUNTER_1, SHARD_1, at(5)))
            .build());
  }

  /** A commit writing into every store; applies cleanly on top of {@link #storeOneOfEverything}. */
  private static Commit.Builder everything() {
    return Commit.builder()
        .reply(reply("r-1", "5"))
        .deferred(DeferredWrite.resolve(COUNTER_1, "empty", bytes("new")))
        .deferred(DeferredWrite.clear(COUNTER_1, "resolved"))
        .timer(timer("t-2", COUNTER_1, SHARD_1, at(6)))
        .deleteTimer("t-1");
  }

  private void assertNothingChanged() {
    assertEquals(Optional.of(state("one", 1)), storage.states().load(COUNTER_1));
    assertEquals(List.of(entry("exec-1", 1)), storage.journal().entries("exec-1"));
    assertEquals(List.of(), storage.journal().entries("exec-2"));
    RequestState request = storage.messages().find("r-1").orElseThrow();
    assertEquals(RequestStatus.PENDING, request.status());
    assertEquals(Optional.empty(), request.reply());
    assertArrayEquals(bytes("first"), storage.deferreds().get(COUNTER_1, "resolved").orElseThrow());
    assertEquals(Optional.empty(), storage.deferreds().get(COUNTER_1, "empty"));
    assertEquals(
        List.of(timer("t-1", COUNTER_1, SHARD_1, at(5))), storage.timers().forEntity(COUNTER_1));
  }

  @Test
  void aCommitWithAJournalStepThatExistsAppliesNothing() {
    Commit commit =
        everything()
            .state(new StateWrite(COUNTER_1, state("two", 2)))
            .journal(entry("exec-2", 1))
            .journal(entry("exec-1", 1))
            .build();

    StorageException e = assertThrows(StorageException.class, () -> storage.commit(commit));

    assertFalse(e.isRetryable());
    assertNothingChanged();
  }

  @Test
  void aCommitWithAStaleStateVersionAppliesNothing() {
    Commit commit =
        everything()
            .state(new StateWrite(COUNTER_1, state("stale", 1)))
            .journal(entry("exec-1", 2))
            .build();

    StorageException e = assertThrows(StorageException.class, () -> storage.commit(commit));

    assertFalse(e.isRetryable());
    assertNothingChanged();
    assertEquals(List.of(entry("exec-1", 1)), storage.journal().entries("exec-1"));
  }

  @Test
  void aValidCommitAppliesEveryWrite() {
    storage.commit(
        everything()
            .state(new StateWrite(COUNTER_1, state("two", 2)))
            .journal(entry("exec-1", 2))
            .build());

    assertEquals(Optional.of(state("two", 2)), storage.states().load(COUNTER_1));
    assertEquals(
        List.of(entry("exec-1", 1), entry("exec-1", 2)), storage.journal().entries("exec-1"));
    RequestState request = storage.messages().find("r-1").orElseThrow();
    assertEquals(RequestStatus.DONE, request.status());
    assertEquals(Optional.of(reply("r-1", "5")), request.reply());
    assertEquals(Optional.empty(), storage.deferreds().get(COUNTER_1, "resolved"));
    assertArrayEquals(bytes("new"), storage.deferreds().get(COUNTER_1, "empty").orElseThrow());
    assertEquals(
        List.of(timer("t-2", COUNTER_1, SHARD_1, at(6))), storage.timers().forEntity(COUNTER_1));
  }

  @Test
  void anEmptyCommitChangesNothing() {
    storage.commit(Commit.builder().build());

    assertNothingChanged();
  }

  @Test
  void aReplyInACommitIsFirstWins() {
    storage.messages().complete(reply("r-1", "first"));

    storage.commit(Commit.builder().reply(reply("r-1", "second")).build());

    assertEquals(
        Optional.of(reply("r-1", "first")), storage.messages().find("r-1").orElseThrow().reply());
  }

  @Test
  void aReplyInACommitToAnUnknownRequestIsIgnored() {
    storage.commit(Commit.builder().reply(reply("nope", "5")).journal(entry("exec-1", 2)).build());

    assertEquals(Optional.empty(), storage.messages().find("nope"));
    assertEquals(2, storage.journal().entries("exec-1").size());
  }

  @Test
  void aCommitMayWriteTheStateOfAnotherEntityThanItsJournal() {
    storage.commit(
        Commit.builder()
            .state(new StateWrite(COUNTER_2, state("other", 1)))
            .journal(entry("exec-1", 2))
            .build());

    assertEquals(Optional.of(state("other", 1)), storage.states().load(COUNTER_2));
  }

  @Test
  void aFailedCommitCanBeFollowedByACorrectedOne() {
    Commit stale = stateCommit(COUNTER_1, state("stale", 1));
    assertThrows(StorageException.class, () -> storage.commit(stale));

    storage.commit(stateCommit(COUNTER_1, state("two", 2)));

    assertEquals(Optional.of(state("two", 2)), storage.states().load(COUNTER_1));
  }
}
