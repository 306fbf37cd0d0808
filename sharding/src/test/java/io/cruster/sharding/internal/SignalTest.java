package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SignalTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final Signal signal = new Signal(clock);

  @Test
  void aSignalGivenBeforeTheWaitIsKept() {
    signal.signal();
    assertTrue(signal.await(Duration.ofHours(1)));
    assertTrue(clock.nanoTime() == 0, "no time passed");
  }

  @Test
  void aWaitEndsWhenItsTimeoutPassesOnTheInjectedClock() {
    CompletableFuture<Boolean> waited =
        CompletableFuture.supplyAsync(() -> signal.await(Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(4));
    assertFalse(waited.isDone());
    while (!waited.isDone()) {
      clock.advance(Duration.ofSeconds(1));
      Thread.onSpinWait();
    }
    assertTrue(waited.join());
  }

  @Test
  void aSignalEndsAWaitWithoutATimeout() {
    CompletableFuture<Boolean> waited =
        CompletableFuture.supplyAsync(() -> signal.await(Duration.ZERO));
    while (!waited.isDone()) {
      signal.signal();
      Thread.onSpinWait();
    }
    assertTrue(waited.join());
  }
}
