package io.cruster.actors.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.TimerScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Timers of one actor. Each timer has a generation; a tick carries it, and a tick whose timer was
 * cancelled or replaced meanwhile is dropped on the actor's thread, so no stale message is ever
 * handled. Ticks bypass the mailbox bound (at most one tick per timer is in flight). Owned by the
 * actor's thread, except the scheduled tasks, which only enqueue.
 */
final class TimerSchedulerImpl<T> implements TimerScheduler<T> {
  private final ActorCell<T> cell;
  private final Map<Object, Timer<T>> timers = new HashMap<>();
  private int generations;

  TimerSchedulerImpl(ActorCell<T> cell) {
    this.cell = cell;
  }

  private record Timer<T>(
      Object key,
      T message,
      int generation,
      Duration repeat,
      boolean fixedRate,
      Cancellable task) {}

  /** A tick on its way to the actor. */
  private record Tick<T>(TimerSchedulerImpl<T> owner, Object key, int generation)
      implements InternalMessage {
    @Override
    public Object unwrap(ActorCell<?> cell) {
      return owner.onTick(key, generation);
    }
  }

  @Override
  public void startSingleTimer(Object key, T message, Duration delay) {
    start(key, message, delay, null, false);
  }

  @Override
  public void startTimerWithFixedDelay(
      Object key, T message, Duration initialDelay, Duration delay) {
    start(key, message, initialDelay, positive(delay), false);
  }

  @Override
  public void startTimerAtFixedRate(Object key, T message, Duration interval) {
    start(key, message, interval, positive(interval), true);
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a repeating timer needs a positive interval, was " + d);
    }
    return d;
  }

  private void start(Object key, T message, Duration delay, Duration repeat, boolean fixedRate) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(delay, "delay");
    cancel(key);
    int generation = ++generations;
    Cancellable task = schedule(key, generation, delay);
    timers.put(key, new Timer<>(key, message, generation, repeat, fixedRate, task));
  }

  private Cancellable schedule(Object key, int generation, Duration delay) {
    return cell.system
        .scheduler()
        .schedule(delay, () -> cell.offer(new Tick<>(this, key, generation), false));
  }

  /**
   * The message of a tick that is still current, or null; re-arms repeating timers. Actor thread.
   */
  private Object onTick(Object key, int generation) {
    Timer<T> t = timers.get(key);
    if (t == null || t.generation != generation) {
      return null;
    }
    if (t.repeat == null) {
      timers.remove(key);
    } else {
      // Fixed rate re-arms for the period; fixed delay measures from now, after the previous tick
      // was handled.
      timers.put(
          key,
          new Timer<>(
              key,
              t.message,
              generation,
              t.repeat,
              t.fixedRate,
              schedule(key, generation, t.repeat)));
    }
    return t.message;
  }

  @Override
  public boolean isTimerActive(Object key) {
    return timers.containsKey(key);
  }

  @Override
  public void cancel(Object key) {
    Timer<T> t = timers.remove(key);
    if (t != null) {
      t.task.cancel();
    }
  }

  @Override
  public void cancelAll() {
    for (Timer<T> t : timers.values()) {
      t.task.cancel();
    }
    timers.clear();
  }
}
