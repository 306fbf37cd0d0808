package io.cruster.sharding.internal.cluster;

import io.cruster.actors.Scheduler;
import java.time.Duration;

/**
 * Whether the runner set has stayed unchanged for a settling period, on the injected scheduler's
 * clock: runners starting together then settle on one assignment instead of taking shards from each
 * other one join at a time. Thread-safe.
 */
final class Settling {
  private final Scheduler scheduler;
  private final long periodNanos;
  private volatile long lastChange;

  Settling(Scheduler scheduler, Duration period) {
    this.scheduler = scheduler;
    this.periodNanos = period.toNanos();
    this.lastChange = scheduler.nanoTime();
  }

  /** The runner set changed now. */
  void changed() {
    lastChange = scheduler.nanoTime();
  }

  /** Whether the last change is more recent than the settling period. */
  boolean settling() {
    return scheduler.nanoTime() - lastChange < periodNanos;
  }
}
