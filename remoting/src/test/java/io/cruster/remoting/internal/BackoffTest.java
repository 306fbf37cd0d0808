package io.cruster.remoting.internal;

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
  void resetStartsOver() {
    Backoff backoff = new Backoff(Duration.ofNanos(MIN), Duration.ofNanos(MAX));
    for (int i = 0; i < 10; i++) {
      backoff.nextNanos();
    }
    backoff.reset();
    assertTrue(backoff.nextNanos() <= MIN * 1.2 + 1);
  }
}
