package io.cruster.benchmarks.peer;

import java.io.Serializable;

/**
 * What one measured batch did: operations counted, wall-clock nanoseconds, for latency scenarios
 * each operation's latency in nanoseconds (empty otherwise), and the CPU time the whole process
 * used during the batch in nanoseconds (-1 when not measured). CPU time per operation is steadier
 * than a rate on a shared machine: another process's load slows the rate, not the work per call.
 */
public record Sample(long ops, long nanos, long[] latencies, long cpuNanos)
    implements Serializable {
  private static final long[] NONE = new long[0];

  public Sample(long ops, long nanos, long[] latencies) {
    this(ops, nanos, latencies, -1);
  }

  public static Sample of(long ops, long nanos) {
    return new Sample(ops, nanos, NONE);
  }

  public double perSecond() {
    return ops * 1e9 / Math.max(nanos, 1);
  }

  /** This sample with the process CPU time of its batch. */
  public Sample withCpuNanos(long cpuNanos) {
    return new Sample(ops, nanos, latencies, cpuNanos);
  }

  /** CPU microseconds per operation (all threads of the process), or NaN if not measured. */
  public double cpuMicrosPerOp() {
    return cpuNanos < 0 || ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
  }

  /** The CPU time this process has used so far, in nanoseconds, or -1 if the JVM cannot tell. */
  public static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
