package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.COUNTER_2;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.state;
import static io.cruster.persistence.spi.Fixtures.stateCommit;
import static io.cruster.persistence.spi.Fixtures.stateWithTrait;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link StateStore}, the state version check and {@link WorkflowJournal}. */
abstract class StateAndJournalContract extends ContractBase {

  @Test
  void loadOfAnEntityWithoutCommittedStateIsEmpty() {
    assertEquals(Optional.empty(), storage.states().load(COUNTER_1));
  }

  @Test
  void committedStateIsLoadedBack() {
    storage.commit(stateCommit(COUNTER_1, state("one", 1)));

    assertEquals(Optional.of(state("one", 1)), storage.states().load(COUNTER_1));
    assertEquals(Optional.empty(), storage.states().load(COUNTER_2));
  }

  @Test
  void traitStatesAreStoredAndLoadedWithTheEntityState() {
    StoredState withTraits =
        new StoredState(
            bytes("cart"), Map.of("Auditable", bytes("audit-log"), "Taggable", bytes("")), 1);

    storage.commit(stateCommit(COUNTER_1, withTraits));

    StoredState loaded = storage.states().load(COUNTER_1).orElseThrow();
    assertEquals(withTraits, loaded);
    assertArrayEquals(bytes("audit-log"), loaded.traits().get("Auditable"));
    assertArrayEquals(new byte[0], loaded.traits().get("Taggable"));
  }

  @Test
  void eachCommitReplacesTheStateWithItsTraitsWhole() {
    storage.commit(stateCommit(COUNTER_1, stateWithTrait("one", "Auditable", "a1", 1)));
    storage.commit(stateCommit(COUNTER_1, state("two", 2)));

    assertEquals(Optional.of(state("two", 2)), storage.states().load(COUNTER_1));
  }

  @Test
  void theFirstStateMustHaveVersionOne() {
    StorageException e =
        assertThrows(
            StorageException.class, () -> storage.commit(stateCommit(COUNTER_1, state("x", 2))));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains(COUNTER_1.toString()), e.getMessage());
    assertEquals(Optional.empty(), storage.states().load(COUNTER_1));
  }

  @Test
  void eachStateMustBeTheStoredVersionPlusOne() {
    storage.commit(stateCommit(COUNTER_1, state("one", 1)));
    storage.commit(stateCommit(COUNTER_1, state("two", 2)));

    assertThrows(
        StorageException.class, () -> storage.commit(stateCommit(COUNTER_1, state("four", 4))));
    assertThrows(
        StorageException.class,
        () -> storage.commit(stateCommit(COUNTER_1, state("one again", 1))));
    assertEquals(Optional.of(state("two", 2)), storage.states().load(COUNTER_1));
  }

  @Test
  void ofTwoWritersCommittingTheSameNextVersionTheSecondFailsAndTheFirstStateStays() {
    storage.commit(stateCommit(COUNTER_1, state("base", 1)));
    storage.commit(stateCommit(COUNTER_1, state("writer A", 2)));

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> storage.commit(stateCommit(COUNTER_1, state("writer B", 2))));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("Counter/counter-1"), e.getMessage());
    assertTrue(e.getMessage().contains("2"), e.getMessage());
    assertEquals(Optional.of(state("writer A", 2)), storage.states().load(COUNTER_1));
  }

  @Test
  void versionsAreCheckedPerEntity() {
    storage.commit(stateCommit(COUNTER_1, state("one", 1)));
    storage.commit(stateCommit(COUNTER_1, state("two", 2)));

    storage.commit(stateCommit(COUNTER_2, state("other one", 1)));

    assertEquals(Optional.of(state("other one", 1)), storage.states().load(COUNTER_2));
  }

  @Test
  void journalOfAnUnknownExecutionIsEmpty() {
    assertEquals(List.of(), storage.journal().entries("nope"));
  }

  @Test
  void journalEntriesAreReturnedInStepOrder() {
    storage.commit(
        Commit.builder().journal(entry("exec-1", 3)).journal(entry("exec-1", 1)).build());
    storage.commit(Commit.builder().journal(entry("exec-1", 2)).build());
    storage.commit(Commit.builder().journal(entry("exec-1", 10)).build());

    assertEquals(
        List.of(entry("exec-1", 1), entry("exec-1", 2), entry("exec-1", 3), entry("exec-1", 10)),
        storage.journal().entries("exec-1"));
  }

  @Test
  void journalEntriesKeepEveryFieldIncludingFailures() {
    JournalEntry failed =
        new JournalEntry("exec-1", 1, StepKind.CALL, "Charge", bytes("declined"), true, at(7));
    JournalEntry sleep =
        new JournalEntry("exec-1", 2, StepKind.SLEEP, "", new byte[0], false, at(8));

    storage.commit(Commit.builder().journal(failed).journal(sleep).build());

    assertEquals(List.of(failed, sleep), storage.journal().entries("exec-1"));
  }

  @Test
  void journalsOfExecutionsAreSeparate() {
    storage.commit(
        Commit.builder().journal(entry("exec-1", 1)).journal(entry("exec-2", 1)).build());

    assertEquals(List.of(entry("exec-1", 1)), storage.journal().entries("exec-1"));
    assertEquals(List.of(entry("exec-2", 1)), storage.journal().entries("exec-2"));
  }

  @Test
  void aStepAlreadyRecordedCannotBeRecordedAgain() {
    storage.commit(Commit.builder().journal(entry("exec-1", 1)).build());
    JournalEntry other =
        new JournalEntry("exec-1", 1, StepKind.SLEEP, "x", new byte[0], false, at(9));

    StorageException e =
        assertThrows(
            StorageException.class, () -> storage.commit(Commit.builder().journal(other).build()));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("exec-1"), e.getMessage());
    assertEquals(List.of(entry("exec-1", 1)), storage.journal().entries("exec-1"));
  }

  @Test
  void aCommitHoldingOneStepTwiceFailsAndRecordsNothing() {
    Commit twice = Commit.builder().journal(entry("exec-1", 1)).journal(entry("exec-1", 1)).build();

    StorageException e = assertThrows(StorageException.class, () -> storage.commit(twice));

    assertFalse(e.isRetryable());
    assertEquals(List.of(), storage.journal().entries("exec-1"));
  }
}
