package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Instant;
import java.util.Optional;

/**
 * A workflow execution as stored: written when the request that starts it is saved ({@link
 * ExecutionStore#start}), its status changed with the steps it takes, final once it ends, kept
 * until purged. Its id is the id of that request. Immutable and thread-safe (see {@link
 * ReplyRecord} about arrays).
 *
 * @param executionId the execution (and its request's) id; not blank
 * @param address the entity running it
 * @param shard that entity's shard
 * @param tag the tag of the workflow message; not blank
 * @param status where it stands
 * @param startedAt when its request was saved
 * @param endedAt when it finished: present exactly when {@code status} is final
 * @param failure what it failed with, for FAILED and CANCELLED executions (a summary, such as the
 *     exception type and message)
 * @param cancel its cancel request, if one was recorded
 * @param restartedFrom the execution it was restarted from ({@link ExecutionStore#start}), if any
 * @param reply its final reply, when finished with one; loaded by {@link ExecutionStore#find} only
 *     (empty in {@link ExecutionStore#list} and {@link ExecutionStore#findAll})
 */
public record ExecutionRecord(
    String executionId,
    EntityAddress address,
    ShardId shard,
    String tag,
    ExecutionStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> failure,
    Optional<CancelRequest> cancel,
    Optional<String> restartedFrom,
    Optional<ReplyRecord> reply) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when an id or the tag is blank, {@code endedAt} disagrees with
   *     the status, or the reply is another request's
   */
  public ExecutionRecord {
    Checks.nonBlank(executionId, "ExecutionRecord", "executionId");
    Checks.nonNull(address, "ExecutionRecord", "address");
    Checks.nonNull(shard, "ExecutionRecord", "shard");
    Checks.nonBlank(tag, "ExecutionRecord", "tag");
    Checks.nonNull(status, "ExecutionRecord", "status");
    Checks.nonNull(startedAt, "ExecutionRecord", "startedAt");
    Checks.nonNull(endedAt, "ExecutionRecord", "endedAt");
    Checks.nonNull(failure, "ExecutionRecord", "failure");
    Checks.nonNull(cancel, "ExecutionRecord", "cancel");
    Checks.nonNull(restartedFrom, "ExecutionRecord", "restartedFrom");
    Checks.nonNull(reply, "ExecutionRecord", "reply");
    if (endedAt.isPresent() != status.isFinished()) {
      throw new IllegalArgumentException(
          "ExecutionRecord.endedAt must be present exactly when the status is final; execution "
              + executionId
              + " is "
              + status
              + (endedAt.isPresent() ? " with" : " without")
              + " an end");
    }
    reply.ifPresent(
        r -> {
          if (!r.requestId().equals(executionId)) {
            throw new IllegalArgumentException(
                "ExecutionRecord.reply is for request "
                    + r.requestId()
                    + ", not for execution "
                    + executionId);
          }
        });
  }

  /** This record without its reply (as list results carry it). Never blocks. */
  public ExecutionRecord withoutReply() {
    return reply.isEmpty()
        ? this
        : new ExecutionRecord(
            executionId,
            address,
            shard,
            tag,
            status,
            startedAt,
            endedAt,
            failure,
            cancel,
            restartedFrom,
            Optional.empty());
  }
}
