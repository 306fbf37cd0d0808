package io.cruster.actors.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential retry delays: {@code min}, doubling per attempt up to {@code max}, each with ±20 %
 * jitter so that many clients of a restarted server (or runners of a restarted etcd) do not retry
 * in lockstep. The one retry schedule of every Cruster module: reconnects, joining the cluster,
 * opening storage, calls to moving shards, singleton restarts.
 *
 * <p>Not thread-safe: its owner guards it (or uses it from one thread).
 */
public final class Backoff {
  private static final double JITTER = 0.2;

  private final long minNanos;
  private final long maxNanos;
  private final DoubleSupplier random;
  private int attempt;

  /** Delays from {@code min} doubling to {@code max}, with jitter. */
  public Backoff(Duration min, Duration max) {
    this(min, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As {@link #Backoff(Duration, Duration)}, with the random source of the jitter (for tests). */
  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, was " + min + " and " + max);
    }
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The delay before the next attempt, in nanoseconds. */
  public long nextNanos() {
    long base = minNanos << Math.min(attempt, 30);
    if (base <= 0 || base > maxNanos) {
      base = maxNanos;
    }
    attempt++;
    double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
    return Math.max(1, Math.min(maxNanos, (long) (base * factor)));
  }

  /** The delay before the next attempt. */
  public Duration next() {
    return Duration.ofNanos(nextNanos());
  }

  /** After a success (or a reason to hurry, such as a new runner set): start from {@code min}. */
  public void reset() {
    attempt = 0;
  }
}
