package io.cruster.persistence.spi;

import java.util.Optional;

/**
 * A saved request and where it stands. Immutable and thread-safe (see {@link RequestRecord} about
 * arrays).
 *
 * @param request the request as saved
 * @param status where it stands
 * @param failures how many delivery attempts failed since it was saved or reopened, >= 0
 * @param lastError the error of the last failed delivery attempt, if any
 * @param reply its reply: present when DONE, and when FAILED (the failure reply)
 */
public record RequestState(
    RequestRecord request,
    RequestStatus status,
    int failures,
    Optional<String> lastError,
    Optional<ReplyRecord> reply) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code failures} is negative or the reply is for another
   *     request
   */
  public RequestState {
    Checks.nonNull(request, "RequestState", "request");
    Checks.nonNull(status, "RequestState", "status");
    Checks.nonNull(lastError, "RequestState", "lastError");
    Checks.nonNull(reply, "RequestState", "reply");
    if (failures < 0) {
      throw new IllegalArgumentException(
          "RequestState.failures must be >= 0, was "
              + failures
              + " (request "
              + request.requestId()
              + ")");
    }
    reply.ifPresent(
        r -> {
          if (!r.requestId().equals(request.requestId())) {
            throw new IllegalArgumentException(
                "RequestState.reply is for request "
                    + r.requestId()
                    + ", not for request "
                    + request.requestId());
          }
        });
  }

  /** A freshly saved request: pending, no failures, no error, no reply. Never blocks. */
  public static RequestState pending(RequestRecord request) {
    return new RequestState(request, RequestStatus.PENDING, 0, Optional.empty(), Optional.empty());
  }
}
