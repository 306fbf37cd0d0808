package io.cruster.actors;

import java.time.Duration;

/**
 * Timers that send messages to the actor itself, from {@link Behaviors#withTimers}. A timer has a
 * key; starting a timer with a key in use replaces it, and a cancelled or replaced timer's message
 * is never delivered, even if it was already on its way. Timers are cancelled when the actor stops
 * or restarts. Time comes from the system's {@link Scheduler}, so a manual clock drives them in
 * tests.
 *
 * <p>Use it only from the actor's own handlers (not thread-safe).
 */
public interface TimerScheduler<T> {

  /** Sends {@code message} once, after {@code delay}. */
  void startSingleTimer(Object key, T message, Duration delay);

  /** Sends {@code message} once, after {@code delay}, keyed by the message itself. */
  default void startSingleTimer(T message, Duration delay) {
    startSingleTimer(message, message, delay);
  }

  /** Sends {@code message} every {@code delay}, measured from the previous send. */
  void startTimerWithFixedDelay(Object key, T message, Duration initialDelay, Duration delay);

  /** Sends {@code message} every {@code delay}, the first after {@code delay}. */
  default void startTimerWithFixedDelay(Object key, T message, Duration delay) {
    startTimerWithFixedDelay(key, message, delay, delay);
  }

  /** Sends {@code message} every {@code interval}, keeping to the rate when a tick runs late. */
  void startTimerAtFixedRate(Object key, T message, Duration interval);

  /** Whether a timer with this key is running. */
  boolean isTimerActive(Object key);

  /** Cancels the timer with this key, if any. */
  void cancel(Object key);

  /** Cancels every timer of this actor. */
  void cancelAll();
}
