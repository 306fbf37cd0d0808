package io.cruster.persistence.spi;

import java.time.Instant;

/**
 * A recorded request to cancel a workflow execution. Immutable and thread-safe.
 *
 * @param reason why it was cancelled, as the canceller said; not blank
 * @param at when the cancellation was requested
 */
public record CancelRequest(String reason, Instant at) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code reason} is blank
   */
  public CancelRequest {
    Checks.nonBlank(reason, "CancelRequest", "reason");
    Checks.nonNull(at, "CancelRequest", "at");
  }
}
