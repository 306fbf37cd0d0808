package io.cruster.sharding.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blocking waits of workflows, singletons and the poller: sleeps on the cluster's clock and
 * waits for futures, all of which {@link #end()} interrupts with {@link RuntimeClosedException}.
 * The runtime has one; each live entity has one of its own whose waits are also the runtime's, so
 * both closing the node and retiring the entity end them.
 *
 * <p>Thread-safe. The waits block the calling (virtual) thread.
 */
final class Waits {
  private final Waits parent;
  private final Scheduler scheduler;
  private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean ended;

  private Waits(Waits parent, Scheduler scheduler) {
    this.parent = parent;
    this.scheduler = scheduler;
  }

  /** The waits of a runtime, timed by {@code scheduler}. */
  static Waits root(Scheduler scheduler) {
    return new Waits(null, scheduler);
  }

  /** Waits ended by this one's {@link #end()} and by their own. */
  Waits child() {
    return new Waits(this, scheduler);
  }

  /**
   * Blocks until {@code f} completes; a failure of {@code f} is rethrown as a runtime exception.
   *
   * @throws RuntimeClosedException when these waits (or a parent's) end first
   */
  void await(CompletableFuture<?> f) {
    waiting.add(f);
    try {
      if (ended) {
        throw new RuntimeClosedException();
      }
      if (parent != null) {
        parent.await(f);
        return;
      }
      f.join();
    } catch (CancellationException e) {
      throw new RuntimeClosedException();
    } catch (CompletionException e) {
      throw Failures.unwrapToRuntime(e);
    } finally {
      waiting.remove(f);
    }
  }

  /** Blocks until {@code f} completes or {@code max} passes on the cluster clock. */
  void awaitAtMost(CompletableFuture<?> f, Duration max) {
    Cancellable task = scheduler.schedule(max, () -> f.complete(null));
    try {
      await(f);
    } finally {
      task.cancel();
    }
  }

  /** Blocks until the cluster clock reaches {@code wakeAt} (a manual clock must be advanced). */
  void sleepUntil(Instant wakeAt) {
    Duration left = Duration.between(scheduler.now(), wakeAt);
    if (left.isPositive()) {
      awaitAtMost(new CompletableFuture<Void>(), left);
    }
  }

  /** Ends every wait, now and from now on. Never blocks; idempotent. */
  void end() {
    ended = true;
    for (CompletableFuture<?> f : waiting) {
      f.cancel(false);
    }
  }

  boolean isEnded() {
    return ended;
  }
}
