package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fence's deadline arithmetic on a hand-moved clock: TTL 10 s, margin 3 s, so a 7 s window. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FenceTest {
  private static final Duration WINDOW = Duration.ofSeconds(7);
  private final FakeClock clock = new FakeClock(1_000_000_000L);
  private final List<String> reasons = new CopyOnWriteArrayList<>();

  private Fence fenceStartedNow() {
    Fence fence = new Fence(clock, WINDOW, clock.nanos());
    fence.onFenced(reasons::add);
    return fence;
  }

  @Test
  void validUntilTheWindowAfterTheGrantThenFencedOnce() {
    Fence fence = fenceStartedNow();
    clock.advance(Duration.ofMillis(6999));
    assertTrue(fence.isValid());
    clock.advance(Duration.ofMillis(1));
    assertFalse(fence.isValid());
    assertFalse(fence.isValid());
    assertEquals(1, reasons.size(), "listener calls " + reasons);
    assertTrue(fence.reason().isPresent());
  }

  @Test
  void aRenewalCountsFromWhenItWasSentNotWhenItWasAnswered() {
    Fence fence = fenceStartedNow();
    long sentAt = clock.nanos() + Duration.ofSeconds(3).toNanos();
    clock.advance(Duration.ofMillis(4500)); // the answer took 1.5 s
    fence.renewed(sentAt);
    clock.advance(Duration.ofMillis(5499)); // 3 s + 7 s - 1 ms after the start
    assertTrue(fence.isValid());
    clock.advance(Duration.ofMillis(1));
    assertFalse(fence.isValid());
  }

  @Test
  void anOlderRenewalNeverMovesTheDeadlineBack() {
    Fence fence = fenceStartedNow();
    long start = clock.nanos();
    clock.advance(Duration.ofSeconds(4));
    fence.renewed(start + Duration.ofSeconds(3).toNanos());
    fence.renewed(start + Duration.ofSeconds(1).toNanos());
    assertEquals(start + Duration.ofSeconds(10).toNanos(), fence.deadline());
  }

  @Test
  void fencedRunnerStopsServingBeforeTheServerCanExpireTheLease() {
    Duration ttl = Duration.ofSeconds(10);
    Fence fence = fenceStartedNow();
    long sentAt = clock.nanos() + Duration.ofSeconds(2).toNanos();
    clock.advance(Duration.ofSeconds(2));
    fence.renewed(sentAt);
    // The server renewed at or after sentAt, so it keeps the lease until at least sentAt + TTL.
    long earliestServerExpiry = sentAt + ttl.toNanos();
    clock.advance(WINDOW);
    assertFalse(fence.isValid());
    assertEquals(Duration.ofSeconds(3).toNanos(), earliestServerExpiry - clock.nanos());
  }

  @Test
  void aRenewalArrivingAfterTheDeadlineDoesNotRevive() {
    Fence fence = fenceStartedNow();
    long start = clock.nanos();
    clock.advance(Duration.ofSeconds(8));
    fence.renewed(
        start + Duration.ofSeconds(6).toNanos()); // would move the deadline to 13 s, but 8 s > 7 s
    assertFalse(fence.isValid());
    assertEquals(1, reasons.size());
    clock.advance(Duration.ofSeconds(1));
    fence.renewed(clock.nanos());
    assertFalse(fence.isValid());
  }

  @Test
  void fencingIsTerminalOnceSeen() {
    Fence fence = fenceStartedNow();
    clock.advance(WINDOW);
    assertFalse(fence.isValid());
    fence.renewed(clock.nanos());
    clock.advance(Duration.ofSeconds(1));
    assertFalse(fence.isValid());
  }

  @Test
  void losingTheLeaseFencesAtOnceAndNotifiesOnce() {
    Fence fence = fenceStartedNow();
    fence.lose("lease gone");
    fence.lose("again");
    assertFalse(fence.isValid());
    assertEquals(List.of("lease gone"), reasons);
  }

  @Test
  void aListenerAddedAfterFencingIsCalledAtOnce() {
    Fence fence = fenceStartedNow();
    fence.lose("closed");
    List<String> late = new CopyOnWriteArrayList<>();
    fence.onFenced(late::add);
    assertEquals(List.of("closed"), late);
  }

  @Test
  void clockWrapAroundIsHarmless() {
    FakeClock wrapping = new FakeClock(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
    Fence fence = new Fence(wrapping, WINDOW, wrapping.nanos());
    wrapping.advance(Duration.ofSeconds(5));
    assertTrue(fence.isValid());
    fence.renewed(wrapping.nanos());
    wrapping.advance(Duration.ofMillis(6999));
    assertTrue(fence.isValid());
    wrapping.advance(Duration.ofMillis(1));
    assertFalse(fence.isValid());
  }
}
