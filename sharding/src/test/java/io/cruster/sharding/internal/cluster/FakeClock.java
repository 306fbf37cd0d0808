package io.cruster.sharding.internal.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link MonotonicClock} moved by hand. Thread-safe. */
final class FakeClock implements MonotonicClock {
  private final AtomicLong now;

  FakeClock(long start) {
    this.now = new AtomicLong(start);
  }

  @Override
  public long nanos() {
    return now.get();
  }

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }
}
