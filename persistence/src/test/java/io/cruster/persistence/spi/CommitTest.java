package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.state;
import static io.cruster.persistence.spi.Fixtures.timer;
import static io.cruster.persistence.spi.RecordAssertions.refuses;
import static io.cruster.persistence.spi.RecordAssertions.refusesNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitTest {

  @Test
  void aBuilderWithNothingAddedBuildsAnEmptyCommit() {
    Commit commit = Commit.builder().build();

    assertTrue(commit.isEmpty());
    assertEquals(Optional.empty(), commit.state());
  }

  @Test
  void aCommitWithAnyWriteIsNotEmpty() {
    assertFalse(Commit.builder().state(new StateWrite(COUNTER_1, state("s", 1))).build().isEmpty());
    assertFalse(Commit.builder().journal(entry("e", 1)).build().isEmpty());
    assertFalse(Commit.builder().reply(reply("r", "v")).build().isEmpty());
    assertFalse(Commit.builder().deferred(DeferredWrite.clear(COUNTER_1, "d")).build().isEmpty());
    assertFalse(Commit.builder().timer(timer("t", COUNTER_1, SHARD_1, T0)).build().isEmpty());
    assertFalse(Commit.builder().deleteTimer("t").build().isEmpty());
  }

  @Test
  void theBuilderKeepsEveryWriteInOrder() {
    Commit commit =
        Commit.builder()
            .state(new StateWrite(COUNTER_1, state("s", 1)))
            .journal(entry("e", 2))
            .journal(entry("e", 1))
            .reply(reply("r", "v"))
            .deferred(DeferredWrite.resolve(COUNTER_1, "d", bytes("x")))
            .timer(timer("t", COUNTER_1, SHARD_1, T0))
            .deleteTimer("old")
            .build();

    assertEquals(Optional.of(new StateWrite(COUNTER_1, state("s", 1))), commit.state());
    assertEquals(List.of(entry("e", 2), entry("e", 1)), commit.journal());
    assertEquals(List.of(reply("r", "v")), commit.replies());
    assertEquals(List.of(DeferredWrite.resolve(COUNTER_1, "d", bytes("x"))), commit.deferreds());
    assertEquals(List.of(timer("t", COUNTER_1, SHARD_1, T0)), commit.timers());
    assertEquals(List.of("old"), commit.deletedTimers());
  }

  @Test
  void aCommitCopiesItsLists() {
    List<JournalEntry> journal = new ArrayList<>(List.of(entry("e", 1)));
    Commit commit =
        new Commit(Optional.empty(), journal, List.of(), List.of(), List.of(), List.of());

    journal.add(entry("e", 2));

    assertEquals(List.of(entry("e", 1)), commit.journal());
    assertThrows(UnsupportedOperationException.class, () -> commit.journal().add(entry("e", 3)));
  }

  @Test
  void aBuiltCommitDoesNotSeeLaterAdditions() {
    Commit.Builder builder = Commit.builder().journal(entry("e", 1));
    Commit first = builder.build();

    builder.journal(entry("e", 2));

    assertEquals(1, first.journal().size());
    assertEquals(2, builder.build().journal().size());
  }

  @Test
  void aCommitWritesAtMostOneState() {
    Commit.Builder builder = Commit.builder().state(new StateWrite(COUNTER_1, state("s", 1)));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> builder.state(new StateWrite(COUNTER_1, state("t", 2))));

    assertTrue(e.getMessage().contains("Counter/counter-1"), e.getMessage());
  }

  @Test
  void nullFieldsAndElementsAreRefusedByName() {
    refusesNull(
        "Commit.state",
        () -> new Commit(null, List.of(), List.of(), List.of(), List.of(), List.of()));
    refusesNull(
        "Commit.journal",
        () -> new Commit(Optional.empty(), null, List.of(), List.of(), List.of(), List.of()));
    refusesNull(
        "Commit.replies",
        () ->
            new Commit(
                Optional.empty(),
                List.of(),
                Arrays.asList((ReplyRecord) null),
                List.of(),
                List.of(),
                List.of()));
    refusesNull(
        "Commit.deletedTimers",
        () -> new Commit(Optional.empty(), List.of(), List.of(), List.of(), List.of(), null));
    refusesNull("Commit.state", () -> Commit.builder().state(null));
    refusesNull("Commit.journal", () -> Commit.builder().journal(null));
    refusesNull("Commit.reply", () -> Commit.builder().reply(null));
    refusesNull("Commit.deferred", () -> Commit.builder().deferred(null));
    refusesNull("Commit.timer", () -> Commit.builder().timer(null));
    refusesNull("Commit.deleteTimer", () -> Commit.builder().deleteTimer(null));
  }

  @Test
  void blankTimerIdsToDeleteAreRefused() {
    refuses("Commit.deleteTimer", () -> Commit.builder().deleteTimer(" "));
    refuses(
        "Commit.deletedTimers",
        () ->
            new Commit(Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of("")));
  }
}
