package io.cruster.scheduler.internal;

import io.cruster.scheduler.MissedTicks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MissedTicks} policy as the two numbers both sides use: the runner when it chooses which
 * due ticks to save ({@link #dueToRun}), the entity when a tick comes to run ({@link #runs}). Both
 * apply one rule, so a tick saved before an outage and delivered after it gets the answer the
 * runner would give. Skip is {@code maxMissed} 0.
 *
 * @param maxMissed how many of the most recent missed ticks run
 * @param within how old a missed tick may be and still run
 */
record MissPolicy(int maxMissed, Duration within) {

  static MissPolicy of(MissedTicks policy) {
    return switch (policy) {
      case MissedTicks.Skip s -> new MissPolicy(0, Duration.ZERO);
      case MissedTicks.CatchUp c -> new MissPolicy(c.maxTicks(), c.within());
    };
  }

  /**
   * Whether an unsettled {@code tick} runs at {@code now}: yes while no later tick is due (it is
   * only late); otherwise it is missed, and runs only if it is among the {@code maxMissed} most
   * recent missed ticks and not older than {@code within}.
   */
  boolean runs(CronTimes times, Instant tick, Instant now) {
    int later = times.count(tick, now, maxMissed + 1);
    return later == 0 || (later <= maxMissed && Duration.between(tick, now).compareTo(within) <= 0);
  }

  /**
   * The ticks after {@code from} and at or before {@code now} that {@link #runs} would run, oldest
   * first: the missed ones it catches up, then the latest due tick. Empty when no tick fell after
   * {@code from}.
   */
  List<Instant> dueToRun(CronTimes times, Instant from, Instant now) {
    Optional<Instant> latest = times.latestAtOrBefore(now).filter(t -> t.isAfter(from));
    if (latest.isEmpty()) {
      return List.of();
    }
    Deque<Instant> out = new ArrayDeque<>();
    out.add(latest.get());
    Instant t = latest.get();
    while (out.size() <= maxMissed) {
      Optional<Instant> before = times.previous(t);
      if (before.isEmpty()
          || !before.get().isAfter(from)
          || Duration.between(before.get(), now).compareTo(within) > 0) {
        break;
      }
      t = before.get();
      out.addFirst(t);
    }
    return List.copyOf(out);
  }
}
