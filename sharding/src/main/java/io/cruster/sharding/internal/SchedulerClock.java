package io.cruster.sharding.internal;

import io.cruster.actors.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC {@link Clock} that reads a {@link Scheduler}'s time (a manual one in tests). */
public final class SchedulerClock extends Clock {
  private final Scheduler scheduler;

  private SchedulerClock(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** The system clock for the system scheduler, else a view of {@code scheduler}'s time. */
  public static Clock of(Scheduler scheduler) {
    return scheduler == Scheduler.system() ? Clock.systemUTC() : new SchedulerClock(scheduler);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a scheduler's clock is in UTC");
  }

  @Override
  public Instant instant() {
    return scheduler.now();
  }
}
