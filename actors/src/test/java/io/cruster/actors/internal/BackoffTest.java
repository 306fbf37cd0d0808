package io.cruster.actors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long MIN = Duration.ofMillis(100).toNanos();
  private static final long MAX = Duration.ofSeconds(2).toNanos();

  @Test
  void delaysDoubleWithJitterUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofNanos(MIN), Duration.ofNanos(MAX));
    long base = MIN;
    for (int attempt = 0; attempt < 40; attempt++) {
      long delay = backoff.nextNanos();
      long expected = Math.min(base, MAX);
      assertTrue(
          delay >= expected * 0.8 - 1 && delay <= Math.min(MAX, expected * 1.2 + 1),
          "attempt " + attempt + ": " + delay);
      base = Math.min(base * 2, MAX);
    }
  }

  @Test
  void jitterStaysWithinTwentyPercentEitherWay() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.0);
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 1.0);
    assertEquals(Duration.ofMillis(80), low.next());
    assertEquals(Duration.ofMillis(120), high.next());
    assertEquals(Duration.ofMillis(160), low.next());
  }

  @Test
  void refusesAnEmptyRange() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }

  @Test
  void resetStartsOver() {
    Backoff backoff = new Backoff(Duration.ofNanos(MIN), Duration.ofNanos(MAX));
    for (int i = 0; i < 10; i++) {
      backoff.nextNanos();
    }
    backoff.reset();
    assertTrue(backoff.nextNanos() <= MIN * 1.2 + 1);
  }
}
