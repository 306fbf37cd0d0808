package io.cruster.persistence.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reply to a request. Immutable and thread-safe if nobody changes {@code payload}: it is not
 * copied. Equality compares the bytes.
 *
 * @param requestId the request it answers; not blank
 * @param failure whether the request failed
 * @param payload the serialized reply value, or for a failure the serialized error
 * @param at when the reply was produced
 */
public record ReplyRecord(String requestId, boolean failure, byte[] payload, Instant at) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code requestId} is blank
   */
  public ReplyRecord {
    Checks.nonBlank(requestId, "ReplyRecord", "requestId");
    Checks.nonNull(payload, "ReplyRecord", "payload");
    Checks.nonNull(at, "ReplyRecord", "at");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplyRecord r
        && failure == r.failure
        && requestId.equals(r.requestId)
        && Arrays.equals(payload, r.payload)
        && at.equals(r.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, failure, Arrays.hashCode(payload), at);
  }

  @Override
  public String toString() {
    return "ReplyRecord[requestId="
        + requestId
        + ", failure="
        + failure
        + ", payload="
        + Checks.describe(payload)
        + ", at="
        + at
        + "]";
  }
}
