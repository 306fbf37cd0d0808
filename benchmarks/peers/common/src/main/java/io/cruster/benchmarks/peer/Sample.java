package io.cruster.benchmarks.peer;

import java.io.Serializable;

/**
 * What one measured batch did: operations counted, wall-clock nanoseconds, and for latency
 * scenarios each operation's latency in nanoseconds (empty otherwise).
 */
public record Sample(long ops, long nanos, long[] latencies) implements Serializable {
  private static final long[] NONE = new long[0];

  public static Sample of(long ops, long nanos) {
    return new Sample(ops, nanos, NONE);
  }

  public double perSecond() {
    return ops * 1e9 / Math.max(nanos, 1);
  }
}
