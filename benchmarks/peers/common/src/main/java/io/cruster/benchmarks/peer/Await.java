package io.cruster.benchmarks.peer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits that fail with a message naming what did not happen, instead of hanging. */
public final class Await {
  /** Longest a single batch may take; batches are calibrated to about a second. */
  public static final Duration BATCH = Duration.ofSeconds(60);

  /** Longest an actor system may take to start its scenario actors or to terminate. */
  public static final Duration SYSTEM = Duration.ofSeconds(30);

  /** Longest spawning (or stopping) a million actors may take. */
  public static final Duration MILLION_ACTORS = Duration.ofSeconds(120);

  private Await() {}

  public static void latch(CountDownLatch latch, Duration timeout, String what) {
    if (!awaitLatch(latch, timeout, what)) {
      throw new ScenarioFailedException(
          what
              + " did not finish within "
              + timeout.toSeconds()
              + " s ("
              + latch.getCount()
              + " completions missing)");
    }
  }

  public static <V> V future(CompletionStage<V> stage, Duration timeout, String what) {
    try {
      return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      throw interrupted(what);
    } catch (TimeoutException e) {
      throw new ScenarioFailedException(
          what + " did not complete within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new ScenarioFailedException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  private static boolean awaitLatch(CountDownLatch latch, Duration timeout, String what) {
    try {
      return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      throw interrupted(what);
    }
  }

  private static ScenarioFailedException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new ScenarioFailedException(what + " was interrupted");
  }
}
