package io.cruster.benchmarks.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Warm-up, calibration and the statistics of measured batches, shared by every suite and every
 * framework's side. A workload is warmed up for a while as its batch size is calibrated so that one
 * batch lasts about one iteration, then timed for a number of batches of that fixed size; figures
 * are medians over the measured batches.
 *
 * <p>The warm-up lasts at least its wall-clock time and, beyond it, until the JIT has settled (it
 * compiled for less than {@link #JIT_SETTLED_MILLIS} ms during the last batch), up to {@link
 * #MAX_WARMUP_FACTOR} times the warm-up: on a busy machine a JVM gets a fraction of a core, and a
 * warm-up timed by the wall clock alone then measures code still being compiled (the in-memory
 * activity figures of 2026-12-06 collapsed this way).
 */
public final class Batches {
  /** Compilation time per warm-up batch under which the JIT counts as settled. */
  static final long JIT_SETTLED_MILLIS = 20;

  /** The warm-up waits for the JIT at most this many times its wall-clock length. */
  static final int MAX_WARMUP_FACTOR = 5;

  private Batches() {}

  /** Milliseconds the JIT has spent compiling in this JVM, or -1 if unknown. */
  public static long compilationMillis() {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /**
   * Whether a warm-up that began at {@code startNanos} may end after a batch during which the JIT
   * compiled for {@code compiledMillis} ms.
   */
  public static boolean warmedUp(long startNanos, Duration warmup, long compiledMillis) {
    long elapsed = System.nanoTime() - startNanos;
    if (elapsed < warmup.toNanos()) {
      return false;
    }
    return compiledMillis < JIT_SETTLED_MILLIS || elapsed >= warmup.toNanos() * MAX_WARMUP_FACTOR;
  }

  /**
   * Warms {@code workload} up for {@code warmup}, growing the batch from {@code firstN} until a
   * batch lasts one {@code iteration}, then returns {@code iterations} measured batches of that
   * size.
   */
  public static List<Sample> calibrated(
      Workload workload, long firstN, Duration warmup, Duration iteration, int iterations)
      throws Exception {
    long n = firstN;
    long start = System.nanoTime();
    long compiled;
    do {
      long jit = compilationMillis();
      Sample sample = workload.run(n);
      compiled = compilationMillis() - jit;
      n = nextBatch(n, sample.nanos(), iteration.toNanos());
    } while (!warmedUp(start, warmup, compiled));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      long cpu = Sample.processCpuNanos();
      Sample sample = workload.run(n);
      samples.add(cpu < 0 ? sample : sample.withCpuNanos(Sample.processCpuNanos() - cpu));
    }
    return List.copyOf(samples);
  }

  /**
   * Scales the batch toward the target duration, at most 10x per step so one lucky batch cannot
   * overshoot.
   */
  public static long nextBatch(long n, long tookNanos, long targetNanos) {
    double scale = Math.min(10.0, (double) targetNanos / Math.max(tookNanos, 1));
    return Math.max(1, Math.round(n * scale));
  }

  /** The q-quantile (0..1) of {@code values} (nearest rank), or NaN if there are none. */
  public static double percentile(long[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The median of {@code value} over {@code items} (the mean of the middle two if even). */
  public static <S> double median(List<S> items, ToDoubleFunction<S> value) {
    double[] values = items.stream().mapToDouble(value).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
