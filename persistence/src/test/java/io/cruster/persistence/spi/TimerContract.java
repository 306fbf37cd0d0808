package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.COUNTER_2;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_2;
import static io.cruster.persistence.spi.Fixtures.SHARD_3;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.timer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.EntityAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link TimerStore} and of timers in a {@link Commit}. */
abstract class TimerContract extends ContractBase {

  private static final TimerRecord EARLY = timer("early", COUNTER_1, SHARD_1, at(1));
  private static final TimerRecord MIDDLE = timer("middle", COUNTER_2, SHARD_2, at(2));
  private static final TimerRecord LATE = timer("late", COUNTER_1, SHARD_1, at(3));
  private static final TimerRecord OTHER_SHARD = timer("other-shard", COUNTER_2, SHARD_3, at(0));

  private void storeAll() {
    storage.commit(
        Commit.builder().timer(LATE).timer(OTHER_SHARD).timer(EARLY).timer(MIDDLE).build());
  }

  private TimerStore timers() {
    return storage.timers();
  }

  @Test
  void dueReturnsTheDueTimersOfTheGivenShardsEarliestFirst() {
    storeAll();

    assertEquals(List.of(EARLY, MIDDLE, LATE), timers().due(List.of(SHARD_1, SHARD_2), at(3), 10));
    assertEquals(List.of(EARLY, MIDDLE), timers().due(List.of(SHARD_1, SHARD_2), at(2), 10));
    assertEquals(List.of(), timers().due(List.of(SHARD_1, SHARD_2), at(0), 10));
    assertEquals(List.of(), timers().due(List.of(), at(10), 10));
  }

  @Test
  void dueHonoursTheLimit() {
    storeAll();

    assertEquals(
        List.of(OTHER_SHARD, EARLY), timers().due(List.of(SHARD_1, SHARD_2, SHARD_3), at(10), 2));
    assertEquals(List.of(), timers().due(List.of(SHARD_1), at(10), 0));
  }

  @Test
  void dueTimersStayUntilDeleted() {
    storeAll();
    timers().due(List.of(SHARD_1), at(10), 10);

    assertEquals(List.of(EARLY, LATE), timers().due(List.of(SHARD_1), at(10), 10));
  }

  @Test
  void forEntityListsTheTimersOfTheEntityEarliestFirstDueOrNot() {
    storeAll();

    assertEquals(List.of(EARLY, LATE), timers().forEntity(COUNTER_1));
    assertEquals(List.of(OTHER_SHARD, MIDDLE), timers().forEntity(COUNTER_2));
    assertEquals(List.of(), timers().forEntity(new EntityAddress("Counter", "none")));
  }

  @Test
  void deleteRemovesTheTimerEverywhere() {
    storeAll();

    timers().delete("early");
    timers().delete("unknown");

    assertEquals(List.of(LATE), timers().forEntity(COUNTER_1));
    assertEquals(List.of(MIDDLE, LATE), timers().due(List.of(SHARD_1, SHARD_2), at(10), 10));
  }

  @Test
  void aCommitDeletesTimers() {
    storeAll();

    storage.commit(
        Commit.builder().deleteTimer("early").deleteTimer("middle").deleteTimer("unknown").build());

    assertEquals(List.of(LATE), timers().due(List.of(SHARD_1, SHARD_2), at(10), 10));
  }

  @Test
  void aTimerWithAKnownIdReplacesTheStoredOne() {
    storeAll();
    TimerRecord moved = new TimerRecord("early", COUNTER_2, SHARD_2, "exec-moved", 4, at(9));

    storage.commit(Commit.builder().timer(moved).build());

    assertEquals(List.of(LATE), timers().forEntity(COUNTER_1));
    assertEquals(List.of(OTHER_SHARD, MIDDLE, moved), timers().forEntity(COUNTER_2));
    assertEquals(List.of(LATE), timers().due(List.of(SHARD_1), at(10), 10));
  }

  @Test
  void aCommitAddingAndDeletingOneTimerLeavesItDeleted() {
    storage.commit(Commit.builder().timer(EARLY).deleteTimer("early").build());

    assertEquals(List.of(), timers().forEntity(COUNTER_1));
  }
}
