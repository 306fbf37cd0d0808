package io.cruster.actors;

import io.cruster.actors.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * The source of time for timers, {@code scheduleOnce} and ask timeouts. The default runs on one
 * platform timer thread; tests pass a manual clock (the testkit's {@code ManualClock}) and advance
 * it instead of sleeping.
 *
 * <p>Implementations are thread-safe. Tasks must be short: they only hand a message to an actor.
 */
public interface Scheduler {

  /** The current instant of this scheduler's clock. */
  Instant now();

  /** Runs {@code task} once, {@code delay} from now. */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * A monotonic reading in nanoseconds, for measuring elapsed time (deadlines, backoffs, settling
   * periods): only differences between two readings mean anything. The default is {@link
   * System#nanoTime()}; a manual clock moves it only when it is advanced. Never blocks.
   */
  default long nanoTime() {
    return System.nanoTime();
  }

  /** The wall-clock scheduler used when none is configured. */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }
}
