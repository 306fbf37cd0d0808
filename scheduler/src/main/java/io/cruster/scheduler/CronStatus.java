package io.cruster.scheduler;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Where a cron schedule stands ({@link ClusterCron#schedules}): its definition, its committed
 * progress, and its next tick. A snapshot; immutable.
 *
 * @param name the schedule's name
 * @param expression its cron expression
 * @param zone the zone the expression's times are in
 * @param policy what it does with missed ticks
 * @param lastTick the latest settled tick (run, failed or skipped as missed), if any
 * @param lastFired the latest tick whose job ran, if any
 * @param nextTick the next tick after the latest settled one (or after now, before the first)
 * @param runs how many ticks ran their job
 * @param failures how many of those runs failed
 * @param missed how many missed ticks were skipped, per the policy
 * @param lastFailure the latest failure: tick, exception class and message
 */
public record CronStatus(
    String name,
    String expression,
    ZoneId zone,
    String policy,
    Optional<Instant> lastTick,
    Optional<Instant> lastFired,
    Optional<Instant> nextTick,
    long runs,
    long failures,
    long missed,
    Optional<String> lastFailure) {}
