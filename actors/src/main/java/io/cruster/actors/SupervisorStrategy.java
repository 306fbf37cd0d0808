package io.cruster.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to an actor whose handler throws: stop it (the default, without any supervisor),
 * resume with the same behavior, restart from the initial behavior (optionally at most N times
 * within a window), or restart after an exponential backoff. Use with {@link
 * Behaviors#supervise(Behavior)}.
 */
public sealed interface SupervisorStrategy {

  /** Stop the actor; its watchers see {@link ChildFailed} (parent) or {@link Terminated}. */
  static Stop stop() {
    return Stop.INSTANCE;
  }

  /** Keep the current behavior and state; the failing message is dropped (logged). */
  static Resume resume() {
    return Resume.INSTANCE;
  }

  /** Restart from the initial behavior, without limit. */
  static Restart restart() {
    return new Restart(-1, Duration.ZERO);
  }

  /**
   * Restart after {@code minBackoff}, doubling up to {@code maxBackoff} for each failure in a row,
   * plus up to {@code randomFactor} of random jitter. Messages that arrive during the backoff are
   * kept and delivered after.
   */
  static Backoff restartWithBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) {
    return new Backoff(minBackoff, maxBackoff, randomFactor, -1, maxBackoff.multipliedBy(2), 1024);
  }

  /** Stop the actor. */
  enum Stop implements SupervisorStrategy {
    INSTANCE
  }

  /** Keep going with the current behavior. */
  enum Resume implements SupervisorStrategy {
    INSTANCE
  }

  /**
   * Restart from the initial behavior.
   *
   * @param maxRestarts at most this many restarts within {@code within}, then stop; -1 for no limit
   * @param within the window in which restarts are counted ({@link Duration#ZERO}: for the actor's
   *     lifetime)
   */
  record Restart(int maxRestarts, Duration within) implements SupervisorStrategy {
    public Restart {
      Objects.requireNonNull(within, "within");
      if (maxRestarts < -1) {
        throw new IllegalArgumentException("maxRestarts must be >= -1, was " + maxRestarts);
      }
    }

    /** At most {@code max} restarts within {@code window}; the next failure stops the actor. */
    public Restart withLimit(int max, Duration window) {
      return new Restart(max, window);
    }
  }

  /**
   * Restart after a growing delay.
   *
   * @param maxRestarts restarts allowed in a row before stopping, -1 for no limit
   * @param resetBackoffAfter a quiet time after which the delay starts again from {@code
   *     minBackoff}
   * @param stashCapacity messages kept during the backoff; more go to dead letters
   */
  record Backoff(
      Duration minBackoff,
      Duration maxBackoff,
      double randomFactor,
      int maxRestarts,
      Duration resetBackoffAfter,
      int stashCapacity)
      implements SupervisorStrategy {
    public Backoff {
      Objects.requireNonNull(minBackoff, "minBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(resetBackoffAfter, "resetBackoffAfter");
      if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException(
            "need 0 <= minBackoff <= maxBackoff, got " + minBackoff + ", " + maxBackoff);
      }
      if (randomFactor < 0 || randomFactor > 1) {
        throw new IllegalArgumentException(
            "randomFactor must be within [0, 1], was " + randomFactor);
      }
      if (maxRestarts < -1 || stashCapacity < 0) {
        throw new IllegalArgumentException("maxRestarts must be >= -1 and stashCapacity >= 0");
      }
    }

    /** Stop after {@code max} restarts in a row. */
    public Backoff withMaxRestarts(int max) {
      return new Backoff(
          minBackoff, maxBackoff, randomFactor, max, resetBackoffAfter, stashCapacity);
    }

    /** Start again from {@code minBackoff} once the actor has run this long without failing. */
    public Backoff withResetBackoffAfter(Duration quiet) {
      return new Backoff(minBackoff, maxBackoff, randomFactor, maxRestarts, quiet, stashCapacity);
    }

    /** Keep at most {@code capacity} messages that arrive during the backoff. */
    public Backoff withStashCapacity(int capacity) {
      return new Backoff(
          minBackoff, maxBackoff, randomFactor, maxRestarts, resetBackoffAfter, capacity);
    }
  }
}
