package io.cruster.actors.internal;

import io.cruster.actors.Behavior;
import io.cruster.actors.SupervisorStrategy;
import io.cruster.actors.internal.behavior.Supervise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The supervisors an actor's behavior declared (outermost first) and their restart bookkeeping.
 * Owned by the actor's thread.
 */
final class Supervision {
  private final List<Supervise<?>> supervisors = new ArrayList<>(2);
  private final List<Instant> restarts = new ArrayList<>();
  private int backoffRestarts;
  private Instant lastFailure;

  /** Messages that arrived while a backoff was pending, or null when no backoff is pending. */
  ArrayDeque<Object> backoffBuffer;

  Supervise<?> backoffSupervisor;
  int backoffStash;
  int backoffGeneration;

  void add(Supervise<?> s) {
    // A behavior that declares the same supervisor again (a restarted setup) replaces it.
    for (int i = 0; i < supervisors.size(); i++) {
      if (supervisors.get(i) == s) {
        while (supervisors.size() > i) {
          supervisors.remove(supervisors.size() - 1);
        }
        break;
      }
    }
    supervisors.add(s);
  }

  /** The innermost supervisor whose exception type matches, or null. */
  Supervise<?> match(Throwable t) {
    for (int i = supervisors.size() - 1; i >= 0; i--) {
      Supervise<?> s = supervisors.get(i);
      if (s.type().isInstance(t)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Forgets the supervisors inside {@code s}, which a restart re-creates, and returns where to
   * restart from.
   */
  @SuppressWarnings("unchecked")
  <T> Behavior<T> restartFrom(Supervise<?> s) {
    int i = supervisors.indexOf(s);
    while (supervisors.size() > i + 1) {
      supervisors.remove(supervisors.size() - 1);
    }
    return (Behavior<T>) s.behavior();
  }

  /**
   * Records a restart under a limited strategy; false when the limit is exceeded (the actor must
   * stop).
   */
  boolean allowRestart(SupervisorStrategy.Restart r, Instant now) {
    if (r.maxRestarts() < 0) {
      return true;
    }
    if (!r.within().isZero()) {
      Instant horizon = now.minus(r.within());
      restarts.removeIf(t -> t.isBefore(horizon));
    }
    if (restarts.size() >= r.maxRestarts()) {
      return false;
    }
    restarts.add(now);
    return true;
  }

  /** The delay before the next backoff restart, or null when the strategy's limit is reached. */
  Duration nextBackoff(SupervisorStrategy.Backoff b, Instant now) {
    if (lastFailure != null
        && Duration.between(lastFailure, now).compareTo(b.resetBackoffAfter()) > 0) {
      backoffRestarts = 0;
    }
    lastFailure = now;
    if (b.maxRestarts() >= 0 && backoffRestarts >= b.maxRestarts()) {
      return null;
    }
    int n = backoffRestarts++;
    double base = b.minBackoff().toNanos() * Math.pow(2, Math.min(n, 30));
    double capped = Math.min(base, b.maxBackoff().toNanos());
    double jitter = 1 + ThreadLocalRandom.current().nextDouble() * b.randomFactor();
    return Duration.ofNanos((long) Math.min(capped * jitter, Long.MAX_VALUE / 2.0));
  }
}
