package io.cruster.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * One tick of a schedule, as its job sees it. {@code scheduledAt} is the tick's time from the cron
 * expression, not the time the job started (which is later when the tick ran late or is being
 * caught up): use it as the business key of what the run produces ({@code "nightly-report@" +
 * tick.scheduledAt()}). Immutable.
 *
 * @param schedule the schedule's name
 * @param scheduledAt the instant the cron expression gave for this tick
 */
public record CronTick(String schedule, Instant scheduledAt) {
  public CronTick {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
  }
}
