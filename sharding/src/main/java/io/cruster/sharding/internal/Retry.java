package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.actors.internal.Backoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retrying an attempt with a {@link Backoff} until it succeeds, fails for good, or a timeout
 * passes, all timed on a {@link Scheduler} (a manual one in tests): joining the cluster, opening
 * storage. Blocks the calling thread between attempts.
 */
public final class Retry {
  private Retry() {}

  /**
   * Runs {@code attempt} until it returns. A failure that {@code retryable} accepts is reported to
   * {@code beforeWait} with the delay before the next attempt; any other failure, or one that would
   * retry past {@code timeout}, is passed to {@code giveUp}, whose exception is thrown.
   */
  public static <T> T until(
      Scheduler scheduler,
      Duration timeout,
      Backoff backoff,
      Supplier<T> attempt,
      Predicate<RuntimeException> retryable,
      BiConsumer<RuntimeException, Duration> beforeWait,
      Function<RuntimeException, RuntimeException> giveUp) {
    long deadline = scheduler.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        Duration wait = backoff.next();
        if (!retryable.test(e) || scheduler.nanoTime() + wait.toNanos() - deadline >= 0) {
          throw giveUp.apply(e);
        }
        beforeWait.accept(e, wait);
        sleep(scheduler, wait);
      }
    }
  }

  /**
   * Blocks for {@code duration} on {@code scheduler}'s clock.
   *
   * @throws CrusterException when interrupted (the interrupt flag is restored)
   */
  public static void sleep(Scheduler scheduler, Duration duration) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    var timer = scheduler.schedule(duration, () -> done.complete(null));
    try {
      done.get();
    } catch (InterruptedException e) {
      timer.cancel();
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while waiting to retry", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never completed exceptionally
    }
  }
}
