package io.cruster.sharding.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wake-up for a loop thread: {@link #signal()} ends the current or the next {@link #await}, which
 * otherwise returns after its timeout on the injected {@link Scheduler}'s clock. A signal given
 * while nobody waits is kept for the next wait. Thread-safe.
 */
public final class Signal {
  private final Scheduler scheduler;
  private final AtomicReference<CompletableFuture<Void>> next =
      new AtomicReference<>(new CompletableFuture<>());

  public Signal(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Wakes the waiter (now, or at its next wait). Never blocks. */
  public void signal() {
    next.get().complete(null);
  }

  /**
   * Blocks until a signal, or {@code max} if it is positive (zero: no timeout), and consumes the
   * signal. Returns false when interrupted (the interrupt flag is restored).
   */
  public boolean await(Duration max) {
    CompletableFuture<Void> f = next.get();
    Cancellable timer = max.isPositive() ? scheduler.schedule(max, () -> f.complete(null)) : null;
    try {
      f.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never completed exceptionally
    } finally {
      if (timer != null) {
        timer.cancel();
      }
      next.compareAndSet(f, new CompletableFuture<>());
    }
  }
}
