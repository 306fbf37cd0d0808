package io.cruster.remoting.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays: {@code min}, doubling per attempt up to {@code max}, each with ±20
 * % jitter so that many clients of a restarted server do not reconnect in lockstep. Not
 * thread-safe: its owner guards it.
 */
final class Backoff {
  private final long minNanos;
  private final long maxNanos;
  private int attempt;

  Backoff(Duration min, Duration max) {
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The delay before the next attempt. */
  long nextNanos() {
    long base = minNanos << Math.min(attempt, 30);
    if (base <= 0 || base > maxNanos) {
      base = maxNanos;
    }
    attempt++;
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.min(maxNanos, (long) (base * jitter));
  }

  /** After a successful handshake: start from {@code min} again. */
  void reset() {
    attempt = 0;
  }
}
