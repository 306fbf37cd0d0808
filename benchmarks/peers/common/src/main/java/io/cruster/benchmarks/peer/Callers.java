package io.cruster.benchmarks.peer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many concurrent blocking callers, the shape of the entity scenarios: a batch of {@code n} calls
 * is split over {@code callers} fresh virtual threads, each making its calls one after the other
 * and waiting for every reply. The harness's thread waits, bounded, for all of them; the first
 * failure fails the batch.
 */
public final class Callers {
  /**
   * One blocking call: the {@code seq}-th call of the batch (0 ≤ seq < n), made by caller {@code
   * caller}.
   */
  @FunctionalInterface
  public interface Call {
    void call(int caller, long seq) throws Exception;
  }

  private Callers() {}

  /**
   * Runs calls {@code 0..n-1}: caller {@code c} makes calls {@code c, c + callers, c + 2 * callers,
   * ...}, so at any moment the callers work on neighbouring sequence numbers. Returns the batch's
   * wall-clock time.
   */
  public static Sample run(int callers, long n, Call call, String what) {
    CountDownLatch done = new CountDownLatch(callers);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread.ofVirtual()
          .name("bench-caller-" + c)
          .start(
              () -> {
                try {
                  for (long seq = caller; seq < n && failure.get() == null; seq += callers) {
                    call.call(caller, seq);
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                } finally {
                  done.countDown();
                }
              });
    }
    Await.latch(done, Await.BATCH, what + " (" + callers + " callers, " + n + " calls)");
    long elapsed = System.nanoTime() - start;
    Throwable t = failure.get();
    if (t != null) {
      throw t instanceof ScenarioFailedException s
          ? s
          : new ScenarioFailedException(what + ": a call failed: " + t, t);
    }
    return Sample.of(n, elapsed);
  }
}
