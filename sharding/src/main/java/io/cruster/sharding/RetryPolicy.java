package io.cruster.sharding;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failing workflow is retried before it fails for good, and how long to wait in between
 * (doubling from {@code initialBackoff} up to {@code maxBackoff}). A retry continues from the
 * journal: completed activities do not run again.
 *
 * @param maxAttempts attempts in all, including the first (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** The default: 3 attempts, waiting 1 s then 2 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1));

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** No retries: the first failure is final. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** {@code maxAttempts} attempts with the default backoff. */
  public static RetryPolicy attempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, DEFAULT.initialBackoff, DEFAULT.maxBackoff);
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (attempt >= 1). */
  public Duration backoffAfter(int attempt) {
    Duration d = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 30));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
