package io.cruster.benchmarks.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
  @Test
  void percentileIsTheNearestRank() {
    long[] values = {5, 1, 4, 2, 3};
    assertEquals(3, Batches.percentile(values, 0.5));
    assertEquals(5, Batches.percentile(values, 0.99));
    assertEquals(1, Batches.percentile(values, 0.0));
    assertTrue(Double.isNaN(Batches.percentile(new long[0], 0.5)));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Batches.median(List.of(1.0, 4.0, 2.0, 3.0), v -> v));
    assertEquals(3.0, Batches.median(List.of(3.0, 9.0, 1.0), v -> v));
  }

  @Test
  void aBatchGrowsAtMostTenfoldTowardTheTarget() {
    assertEquals(100, Batches.nextBatch(10, 1, 1_000_000));
    assertEquals(20, Batches.nextBatch(10, 500, 1_000));
    assertEquals(1, Batches.nextBatch(1, 1_000_000, 1));
  }

  @Test
  void calibratedMeasuresTheAskedNumberOfBatchesAfterTheWarmUp() throws Exception {
    Workload w =
        new Workload() {
          @Override
          public Sample run(long n) {
            return Sample.of(n, n * 1_000); // 1 µs per op
          }

          @Override
          public void close() {}
        };

    List<Sample> samples = Batches.calibrated(w, 1, Duration.ofMillis(1), Duration.ofMillis(1), 3);

    assertEquals(3, samples.size());
    samples.forEach(s -> assertTrue(s.ops() >= 1));
  }

  @Test
  void theWarmUpWaitsForTheJitBeyondItsTimeButNotForever() {
    Duration warmup = Duration.ofMillis(100);
    long now = System.nanoTime();
    assertTrue(!Batches.warmedUp(now, warmup, 0), "before the warm-up time");
    long past = now - Duration.ofMillis(150).toNanos();
    assertTrue(Batches.warmedUp(past, warmup, Batches.JIT_SETTLED_MILLIS - 1), "JIT settled");
    assertTrue(!Batches.warmedUp(past, warmup, 500), "JIT still compiling");
    long longAgo = now - Duration.ofMillis(100L * Batches.MAX_WARMUP_FACTOR + 1).toNanos();
    assertTrue(Batches.warmedUp(longAgo, warmup, 500), "waited long enough");
  }
}
