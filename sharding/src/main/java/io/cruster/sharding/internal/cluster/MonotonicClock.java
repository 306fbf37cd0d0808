package io.cruster.sharding.internal.cluster;

/**
 * A monotonic time source in nanoseconds, injected so that tests can move time by hand (like
 * grpc-java's FakeClock). Only differences between two readings mean anything; compare them with
 * subtraction, never with {@code <}, so that wrap-around is harmless.
 */
@FunctionalInterface
interface MonotonicClock {
  /** {@link System#nanoTime()}. */
  MonotonicClock SYSTEM = System::nanoTime;

  /** The current reading, in nanoseconds from an arbitrary origin. */
  long nanos();
}
