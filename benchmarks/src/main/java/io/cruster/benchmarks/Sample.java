package io.cruster.benchmarks;

/**
 * What one measured batch did: operations counted, wall-clock nanoseconds, and for latency
 * scenarios each operation's latency in nanoseconds (empty otherwise).
 */
record Sample(long ops, long nanos, long[] latencies) {
  private static final long[] NONE = new long[0];

  static Sample of(long ops, long nanos) {
    return new Sample(ops, nanos, NONE);
  }

  double perSecond() {
    return ops * 1e9 / Math.max(nanos, 1);
  }
}
