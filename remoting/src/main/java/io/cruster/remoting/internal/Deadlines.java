package io.cruster.remoting.internal;

import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The deadlines of the calls in flight on one stream, kept with one timer task instead of one per
 * call: arming and cancelling a timer per call wakes the timer thread each time (a cross-core
 * wake-up per round trip when calls go one at a time). A call only {@linkplain #track reports} its
 * deadline; the timer is armed only when that deadline is earlier than the sweep already armed. A
 * sweep expires every call past its deadline and re-arms for the earliest one left; a call that
 * ends earlier just leaves the collection, nothing is cancelled. Deadlines fire at most a
 * millisecond or so late.
 *
 * <p>Thread-safe: {@link #track} is a volatile read in the common case (a later deadline than the
 * armed sweep) and a CAS otherwise; sweeps run on the timer thread. A race between a sweep and a
 * {@code track} arms at most an extra sweep, never loses a deadline (the call is in the collection
 * before it is tracked, and a sweep clears its arming before it reads the collection).
 *
 * @param <C> the call type
 */
final class Deadlines<C> {
  private static final long NONE = Long.MAX_VALUE;
  private final ScheduledExecutorService timer;
  private final Collection<C> calls;
  private final ToLongFunction<C> deadlineOf;
  private final Consumer<C> expire;

  /** The {@link System#nanoTime()} the next sweep is armed for, or {@link #NONE}. */
  private final AtomicLong armedFor = new AtomicLong(NONE);

  /**
   * @param calls the live view of the calls in flight (such as a concurrent map's values)
   * @param deadlineOf a call's deadline as a {@link System#nanoTime()} reading; 0 for none
   * @param expire ends a call whose deadline passed
   */
  Deadlines(
      ScheduledExecutorService timer,
      Collection<C> calls,
      ToLongFunction<C> deadlineOf,
      Consumer<C> expire) {
    this.timer = timer;
    this.calls = calls;
    this.deadlineOf = deadlineOf;
    this.expire = expire;
  }

  /** A call now in the collection has this deadline ({@link System#nanoTime()}); 0: none. */
  void track(long deadline) {
    if (deadline == 0) {
      return;
    }
    long armed = armedFor.get();
    while (armed == NONE || deadline - armed < 0) {
      if (armedFor.compareAndSet(armed, deadline)) {
        arm(deadline);
        return;
      }
      armed = armedFor.get();
    }
  }

  private void arm(long at) {
    try {
      timer.schedule(this::sweep, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the timer is shut down: the calls end with their stream
    }
  }

  private void sweep() {
    armedFor.set(NONE);
    long now = System.nanoTime();
    long next = NONE;
    for (C call : calls) {
      long d = deadlineOf.applyAsLong(call);
      if (d == 0) {
        continue;
      }
      if (d - now <= 0) {
        expire.accept(call);
      } else if (next == NONE || d - next < 0) {
        next = d;
      }
    }
    if (next != NONE) {
      track(next);
    }
  }
}
