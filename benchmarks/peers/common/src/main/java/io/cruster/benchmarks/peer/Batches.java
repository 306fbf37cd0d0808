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
 */
public final class Batches {
  private Batches() {}

  /**
   * Warms {@code workload} up for {@code warmup}, growing the batch from {@code firstN} until a
   * batch lasts one {@code iteration}, then returns {@code iterations} measured batches of that
   * size.
   */
  public static List<Sample> calibrated(
      Workload workload, long firstN, Duration warmup, Duration iteration, int iterations)
      throws Exception {
    long n = firstN;
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    do {
      Sample sample = workload.run(n);
      n = nextBatch(n, sample.nanos(), iteration.toNanos());
    } while (System.nanoTime() < warmupEnd);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      samples.add(workload.run(n));
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
