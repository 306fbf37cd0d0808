package io.cruster.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletedIndexTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void removesWhatCompletedBeforeTheCutoffOldestSecondFirstUpToTheLimit() {
    CompletedIndex<String> index = new CompletedIndex<>();
    index.add(at(2_500), 1, "c");
    index.add(at(100), 2, "a");
    index.add(at(1_900), 3, "b");
    index.add(at(2_100), 4, "d");
    index.add(at(3_000), 5, "e");

    assertEquals(List.of("a"), index.removeBefore(at(2_200), 1));
    assertEquals(List.of("b", "d"), index.removeBefore(at(2_200), 10));
    assertEquals(List.of(), index.removeBefore(at(2_200), 10));
    assertEquals(List.of("c", "e"), index.removeBefore(at(10_000), 10));
  }

  @Test
  void aRemovedValueIsNotPurgedAndItsSecondTakesNewValuesAfterItEmptied() {
    CompletedIndex<String> index = new CompletedIndex<>();
    index.add(at(5_000), 1, "gone");
    index.remove(at(5_000), 1);
    index.remove(at(5_000), 99); // unknown: nothing happens
    index.add(at(5_200), 2, "kept");
    index.add(at(4_000), 3, "older");

    assertEquals(List.of("older", "kept"), index.removeBefore(at(6_000), 10));
    index.add(at(5_300), 4, "again");
    assertEquals(List.of("again"), index.removeBefore(at(6_000), 10));
  }

  @Test
  void aCutoffInsideASecondKeepsThatSecondsLaterValues() {
    CompletedIndex<String> index = new CompletedIndex<>();
    index.add(at(7_900), 1, "late");
    index.add(at(7_100), 2, "early");

    assertEquals(List.of("early"), index.removeBefore(at(7_500), 10));
    assertEquals(List.of("late"), index.removeBefore(at(8_000), 10));
  }
}
