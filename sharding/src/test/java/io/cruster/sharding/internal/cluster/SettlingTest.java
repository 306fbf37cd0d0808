package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.internal.FakeScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettlingTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final Settling settling = new Settling(clock, Duration.ofMillis(500));

  @Test
  void settlesOnceTheRunnerSetStaysUnchangedForThePeriod() {
    assertTrue(settling.settling());
    clock.advance(Duration.ofMillis(499));
    assertTrue(settling.settling());
    clock.advance(Duration.ofMillis(1));
    assertFalse(settling.settling());
  }

  @Test
  void aChangeStartsThePeriodAgain() {
    clock.advance(Duration.ofSeconds(10));
    assertFalse(settling.settling());
    settling.changed();
    assertTrue(settling.settling());
    clock.advance(Duration.ofMillis(500));
    assertFalse(settling.settling());
  }
}
