package io.cruster.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private final ManualClock clock = ManualClock.create(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void tasksRunInDueOrderWithTheClockAtTheirDueTime() {
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("3s at " + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("1s at " + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("1s again"));
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of("1s at 2026-01-01T00:00:01Z", "1s again"), ran);
    assertEquals(Instant.parse("2026-01-01T00:00:02Z"), clock.now());
    clock.advance(Duration.ofSeconds(1));
    assertEquals("3s at 2026-01-01T00:00:03Z", ran.get(2));
  }

  @Test
  void tasksScheduledByTasksFireWithinTheSameAdvance() {
    List<Instant> ran = new ArrayList<>();
    clock.schedule(
        Duration.ofSeconds(1),
        () -> clock.schedule(Duration.ofSeconds(1), () -> ran.add(clock.now())));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of(Instant.parse("2026-01-01T00:00:02Z")), ran);
  }

  @Test
  void cancelledTasksNeverRun() {
    List<String> ran = new ArrayList<>();
    Cancellable c = clock.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
    assertTrue(c.cancel());
    assertFalse(c.cancel());
    assertTrue(c.isCancelled());
    assertEquals(0, clock.pendingTasks());
    clock.advance(Duration.ofSeconds(2));
    assertTrue(ran.isEmpty());
  }

  @Test
  void timeNeverMovesBackwards() {
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
  }

  @Test
  void asClockReadsTheManualTime() {
    clock.advance(Duration.ofHours(1));
    assertEquals(Instant.parse("2026-01-01T01:00:00Z"), clock.asClock().instant());
  }
}
