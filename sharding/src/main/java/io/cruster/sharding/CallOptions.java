package io.cruster.sharding;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one call.
 *
 * @param idempotencyKey de-duplicate the call by this key (like an {@link Idempotent} message)
 * @param timeout wait at most this long for the reply, instead of the configured call timeout
 */
public record CallOptions(Optional<String> idempotencyKey, Optional<Duration> timeout) {
  private static final CallOptions NONE = new CallOptions(Optional.empty(), Optional.empty());

  public CallOptions {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(timeout, "timeout");
    idempotencyKey.ifPresent(
        k -> {
          if (k.isBlank()) {
            throw new IllegalArgumentException("an idempotency key must not be blank");
          }
        });
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("a call timeout must be positive, was " + t);
          }
        });
  }

  /** No options: a new request, the configured timeout. */
  public static CallOptions none() {
    return NONE;
  }

  /** De-duplicate by {@code key}. */
  public static CallOptions idempotencyKey(String key) {
    return new CallOptions(Optional.of(key), Optional.empty());
  }

  /** Wait at most {@code timeout}. */
  public static CallOptions timeout(Duration timeout) {
    return new CallOptions(Optional.empty(), Optional.of(timeout));
  }

  /** These options with a timeout. */
  public CallOptions withTimeout(Duration t) {
    return new CallOptions(idempotencyKey, Optional.of(t));
  }
}
