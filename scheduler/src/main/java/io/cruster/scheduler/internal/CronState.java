package io.cruster.scheduler.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * The persisted state of one schedule's entity: how far its ticks are settled and what became of
 * them. A tick is settled when its {@code Fire} activity commits, whether the job ran, failed or
 * the tick was skipped as missed; a tick at or before {@link #lastTick} is never run again.
 *
 * @param begun when the schedule first ran anywhere (ticks before it are not its business)
 * @param lastTick the latest settled tick
 * @param lastFired the latest tick whose job ran (succeeded or failed)
 * @param runs how many ticks ran their job
 * @param failures how many of those runs failed
 * @param skipped how many missed ticks were not run
 * @param lastFailure the latest failure: tick, exception class and message
 */
public record CronState(
    Optional<Instant> begun,
    Optional<Instant> lastTick,
    Optional<Instant> lastFired,
    long runs,
    long failures,
    long skipped,
    Optional<String> lastFailure) {

  /** No tick settled yet. */
  public static final CronState INITIAL =
      new CronState(
          Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0, Optional.empty());

  /**
   * The instant from which unsettled ticks count: the last settled tick, else when the schedule
   * began.
   */
  public Optional<Instant> settledThrough() {
    return lastTick.or(() -> begun);
  }

  /** Whether {@code tick} is settled already. */
  public boolean settled(Instant tick) {
    return lastTick.filter(last -> !tick.isAfter(last)).isPresent();
  }

  CronState begin(Instant at) {
    return begun.isPresent()
        ? this
        : new CronState(Optional.of(at), lastTick, lastFired, runs, failures, skipped, lastFailure);
  }

  CronState ran(Instant tick) {
    return new CronState(
        begun, Optional.of(tick), Optional.of(tick), runs + 1, failures, skipped, lastFailure);
  }

  CronState failed(Instant tick, String failure) {
    return new CronState(
        begun,
        Optional.of(tick),
        Optional.of(tick),
        runs + 1,
        failures + 1,
        skipped,
        Optional.of(tick + ": " + failure));
  }

  CronState skip(Instant tick) {
    return new CronState(
        begun, Optional.of(tick), lastFired, runs, failures, skipped + 1, lastFailure);
  }
}
