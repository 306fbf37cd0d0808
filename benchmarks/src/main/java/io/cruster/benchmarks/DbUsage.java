package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * What a workload cost the database per batch: round trips (on connections opened through {@link
 * CountingSocketFactory}) and write transactions (the server's transaction counter, see {@link
 * BenchDatabase#nextTransactionId()}), divided by the batch's operations. {@link #metered} wraps a
 * workload so that each of its batches is counted; the harness drives the wrapper as it would the
 * workload, and the figures of the measured batches (the last ones) are read afterwards.
 */
record DbUsage(long ops, long roundTrips, long transactions) {

  double roundTripsPerOp() {
    return (double) roundTrips / Math.max(ops, 1);
  }

  double transactionsPerOp() {
    return (double) transactions / Math.max(ops, 1);
  }

  /**
   * A workload whose batches are counted; read {@link Metered#last} after the harness closed it.
   */
  static Metered metered(Workload workload, BenchDatabase db) {
    return new Metered(workload, db);
  }

  /** Round trips and write transactions per operation. */
  record PerOp(double roundTrips, double transactions) implements java.io.Serializable {}

  /**
   * Medians per operation over the last {@code k} batches (the measured ones), or null if none were
   * counted.
   */
  static PerOp medianOfLast(Metered metered, int k) {
    if (metered == null || metered.last(k).isEmpty()) {
      return null;
    }
    List<DbUsage> last = metered.last(k);
    return new PerOp(
        Harness.median(last, DbUsage::roundTripsPerOp),
        Harness.median(last, DbUsage::transactionsPerOp));
  }

  /** Counts each batch of the workload it wraps. */
  static final class Metered implements Workload {
    private final Workload workload;
    private final BenchDatabase db;
    private final List<DbUsage> batches = new ArrayList<>();

    private Metered(Workload workload, BenchDatabase db) {
      this.workload = workload;
      this.db = db;
    }

    @Override
    public Sample run(long n) throws Exception {
      long roundTrips = CountingSocketFactory.roundTrips();
      long xid = db.nextTransactionId();
      Sample sample = workload.run(n);
      long transactions = db.nextTransactionId() - xid;
      batches.add(
          new DbUsage(sample.ops(), CountingSocketFactory.roundTrips() - roundTrips, transactions));
      return sample;
    }

    /** The last {@code k} batches counted. */
    List<DbUsage> last(int k) {
      return List.copyOf(batches.subList(Math.max(0, batches.size() - k), batches.size()));
    }

    @Override
    public void close() {
      workload.close();
    }
  }
}
