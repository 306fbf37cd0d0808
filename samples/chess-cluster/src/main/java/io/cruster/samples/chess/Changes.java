package io.cruster.samples.chess;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes the streams of an entity when one of its activities changes it, within this process: a
 * stream handler runs on the runner that hosts its entity, like the entity's activities, so no
 * message needs to cross the network. A signal may come before the activity commits: waiters read
 * the state again after it and, failing to see the change, wait again with a short timeout; they
 * never depend on a signal alone. Thread-safe.
 */
final class Changes {
  private static final ConcurrentHashMap<String, CompletableFuture<Void>> NEXT =
      new ConcurrentHashMap<>();

  private Changes() {}

  /**
   * A future completed by the next {@link #signal} of {@code key}; take it before reading the
   * state.
   */
  static CompletableFuture<Void> next(String key) {
    return NEXT.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  /** Wakes whoever waits on {@code key}. */
  static void signal(String key) {
    CompletableFuture<Void> f = NEXT.remove(key);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Waits for {@code change} up to {@code timeout}; returns whether it came. */
  static boolean await(CompletableFuture<Void> change, Duration timeout) {
    try {
      change.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
