package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Batches;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * Warm-up, calibration and timing. A workload is opened (its actor system starts), warmed up for
 * {@link Settings#warmup()} while the batch size is calibrated so that one batch lasts about {@link
 * Settings#iteration()}, then timed for {@link Settings#iterations()} batches of that fixed size,
 * then closed. Figures are medians over the measured batches.
 */
final class Harness {
  private Harness() {}

  /** How long to warm up and measure; {@code --quick} shortens everything. */
  record Settings(
      Duration warmup,
      Duration iteration,
      int iterations,
      long spawnActors,
      int spawnIterations,
      long heapActors) {
    static Settings full() {
      return new Settings(Duration.ofSeconds(3), Duration.ofSeconds(1), 5, 1_000_000, 3, 1_000_000);
    }

    static Settings quick() {
      return new Settings(Duration.ofMillis(1_000), Duration.ofMillis(400), 3, 200_000, 3, 200_000);
    }

    /** These settings with a warm-up of at least {@code min}. */
    Settings withWarmupAtLeast(Duration min) {
      return warmup.compareTo(min) >= 0
          ? this
          : new Settings(min, iteration, iterations, spawnActors, spawnIterations, heapActors);
    }
  }

  /** The measured batches of one framework in one scenario. */
  record Result(List<Sample> samples) implements java.io.Serializable {
    double medianRate() {
      return median(samples, Sample::perSecond);
    }

    /** Median over batches of the q-quantile (0..1) of per-operation latency, in microseconds. */
    double medianLatencyMicros(double q) {
      return median(samples, s -> percentile(s.latencies(), q) / 1_000.0);
    }

    /** Median over batches of the process CPU time per operation, in µs (NaN: not measured). */
    double medianCpuMicrosPerOp() {
      return median(samples, Sample::cpuMicrosPerOp);
    }

    String rates() {
      return samples.stream().map(s -> Format.count(s.perSecond())).toList().toString();
    }
  }

  /**
   * Calibrated batches: the batch size grows from {@code firstN} until a batch lasts one iteration.
   */
  static Result calibrated(Callable<Workload> open, long firstN, Settings settings)
      throws Exception {
    try (Workload workload = open.call()) {
      return new Result(
          Batches.calibrated(
              workload, firstN, settings.warmup(), settings.iteration(), settings.iterations()));
    }
  }

  /**
   * Fixed-size batches that leave a lot of garbage (spawn rate): warm up with smaller batches, then
   * measure {@code iterations} batches of {@code n}, collecting garbage before each so a batch does
   * not pay for the previous one's million dead actors.
   */
  static Result fixed(
      Callable<Workload> open, long warmupN, long n, int iterations, Settings settings)
      throws Exception {
    try (Workload workload = open.call()) {
      long start = System.nanoTime();
      long compiled;
      do {
        long jit = Batches.compilationMillis();
        workload.run(warmupN);
        compiled = Batches.compilationMillis() - jit;
      } while (!Batches.warmedUp(start, settings.warmup(), compiled));
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < iterations; i++) {
        System.gc();
        samples.add(workload.run(n));
      }
      return new Result(List.copyOf(samples));
    }
  }

  static double percentile(long[] values, double q) {
    return Batches.percentile(values, q);
  }

  static <S> double median(List<S> items, ToDoubleFunction<S> value) {
    return Batches.median(items, value);
  }
}
