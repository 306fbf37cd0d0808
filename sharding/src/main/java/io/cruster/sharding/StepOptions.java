package io.cruster.sharding;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one workflow step: {@code ctx.run(activity, StepOptions.timeout(d).retry(policy))}. A
 * step that outlives its timeout fails with {@link StepTimeoutException} (its attempt is not
 * committed); a failed attempt (the activity threw, or timed out) is tried again per {@code retry},
 * and only the last attempt's failure is journaled and thrown into the workflow. Immutable.
 *
 * @param timeout how long one attempt may take, from when the workflow asks for it (none: no limit)
 * @param retry attempts and backoff of the step ({@link RetryPolicy#none()}: one attempt)
 */
public record StepOptions(Optional<Duration> timeout, RetryPolicy retry) {
  private static final StepOptions NONE = new StepOptions(Optional.empty(), RetryPolicy.none());

  /**
   * Checks the fields.
   *
   * @throws NullPointerException when a field is null
   * @throws IllegalArgumentException when the timeout is not positive
   */
  public StepOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("a step timeout must be positive, was " + t);
          }
        });
  }

  /** No timeout, one attempt: what {@code ctx.run(activity)} does. */
  public static StepOptions none() {
    return NONE;
  }

  /** A timeout of {@code timeout} per attempt, one attempt. */
  public static StepOptions timeout(Duration timeout) {
    return new StepOptions(
        Optional.of(Objects.requireNonNull(timeout, "timeout")), RetryPolicy.none());
  }

  /** These options with {@code policy} for retries of the step. */
  public StepOptions retry(RetryPolicy policy) {
    return new StepOptions(timeout, Objects.requireNonNull(policy, "policy"));
  }

  /** These options with a timeout of {@code d} per attempt. */
  public StepOptions withTimeout(Duration d) {
    return new StepOptions(Optional.of(Objects.requireNonNull(d, "timeout")), retry);
  }
}
