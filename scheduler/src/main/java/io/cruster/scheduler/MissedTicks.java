package io.cruster.scheduler;

import io.cruster.actors.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a schedule does with the ticks it missed. Immutable and thread-safe.
 *
 * <p>Ticks run in order, each at most once. A tick that could not run at its time (its node died
 * and another is taking over, the node was restarting, the previous tick's job was still running)
 * runs late, as long as the schedule's <em>next</em> tick is not due yet: that is what lets a tick
 * survive a failover. Once the next tick is due too, the late tick is <em>missed</em>, which
 * happens when no node ran the schedule for longer than its period (the whole cluster was down,
 * say). Missed ticks follow this policy:
 *
 * <ul>
 *   <li>{@link #skip()}: missed ticks are not run; the schedule goes on with its latest due tick.
 *   <li>{@link #catchUp(int, Duration)}: the most recent missed ticks run, oldest first, before the
 *       latest due one: at most {@code maxTicks} of them, and none older than {@code within} when
 *       it would run.
 * </ul>
 */
public sealed interface MissedTicks permits MissedTicks.Skip, MissedTicks.CatchUp {

  /** The most missed ticks {@link #catchUp(int, Duration)} may run after one gap. */
  int MAX_CATCH_UP_TICKS = 1000;

  /**
   * Missed ticks are not run. The default of {@link
   * ClusterCron#schedule(io.cruster.sharding.Cluster, String, String, java.time.ZoneId, CronJob)}.
   * Never blocks.
   */
  static MissedTicks skip() {
    return new Skip();
  }

  /**
   * Missed ticks are run, oldest first: at most the {@code maxTicks} most recent of them, and only
   * those not older than {@code within} when they would run. Never blocks.
   *
   * @param maxTicks how many missed ticks may run after one gap, 1 to {@value #MAX_CATCH_UP_TICKS}
   * @param within how old a missed tick may be and still run; positive
   * @throws ConfigException naming the bad argument and its value
   * @throws NullPointerException if {@code within} is null
   */
  static MissedTicks catchUp(int maxTicks, Duration within) {
    return new CatchUp(maxTicks, within);
  }

  /** The policy of {@link MissedTicks#skip()}. */
  record Skip() implements MissedTicks {
    @Override
    public String toString() {
      return "skip";
    }
  }

  /**
   * The policy of {@link MissedTicks#catchUp(int, Duration)}; the constructor validates as the
   * factory does.
   *
   * @param maxTicks how many missed ticks may run after one gap
   * @param within how old a missed tick may be and still run
   */
  record CatchUp(int maxTicks, Duration within) implements MissedTicks {
    public CatchUp {
      Objects.requireNonNull(within, "MissedTicks.catchUp: within must not be null");
      if (maxTicks < 1) {
        throw new ConfigException(
            "MissedTicks.catchUp: maxTicks must be at least 1, was "
                + maxTicks
                + " (to run no missed tick, use MissedTicks.skip())");
      }
      if (maxTicks > MAX_CATCH_UP_TICKS) {
        throw new ConfigException(
            "MissedTicks.catchUp: maxTicks must be at most "
                + MAX_CATCH_UP_TICKS
                + ", was "
                + maxTicks);
      }
      if (within.isNegative() || within.isZero()) {
        throw new ConfigException(
            "MissedTicks.catchUp: within must be a positive duration, was " + within);
      }
    }

    @Override
    public String toString() {
      return "catchUp(" + maxTicks + ", " + within + ")";
    }
  }
}
