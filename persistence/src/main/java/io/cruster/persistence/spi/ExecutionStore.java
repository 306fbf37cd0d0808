package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Workflow executions as records that can be found, listed, followed, cancelled and purged. An
 * execution's record is written with the request that starts it and kept consistent with that
 * request by the storage: every write that ends, dead-letters or re-opens the request ends or
 * re-opens the record in the same atomic write ({@link MessageStorage#fail}, {@link
 * MessageStorage#recordFailure}, {@link MessageStorage#reopen}). Its live status changes travel
 * inside writes the workflow makes anyway ({@link Commit#executions()}, {@link #awaitDeferred}), so
 * following executions adds no write of its own to a step.
 *
 * <p>Thread-safe; every method blocks until the store answers and throws {@link
 * io.cruster.persistence.StorageException} when it fails. Arrays are not copied.
 */
public interface ExecutionStore {

  /**
   * Saves the request that starts a workflow execution, as {@link MessageStorage#save} does, and in
   * the same atomic write its record (RUNNING, started at the request's {@code createdAt}, its id
   * the request id) and the given journal entries (the steps a restarted execution takes over from
   * the one it was restarted from). A duplicate writes nothing, like {@code save}.
   *
   * @param restartedFrom the execution this one restarts, if any
   * @param journal entries of this execution to write with it (each with the request's id)
   * @throws IllegalArgumentException when a journal entry belongs to another execution
   */
  SaveOutcome start(
      RequestRecord request, Optional<String> restartedFrom, List<JournalEntry> journal);

  /**
   * The journal of the execution and its cancel request, read at once: what a workflow needs when
   * it starts or resumes. An unknown execution has an empty journal and no cancel request.
   */
  LoadedExecution load(String executionId);

  /** The execution with its final reply if it has one, or empty if unknown. Changes nothing. */
  Optional<ExecutionRecord> find(String executionId);

  /**
   * The known executions among {@code executionIds}, in no particular order, without replies.
   * Changes nothing.
   */
  List<ExecutionRecord> findAll(Collection<String> executionIds);

  /** The executions matching the query, newest first, without replies. Changes nothing. */
  List<ExecutionRecord> list(ExecutionQuery query);

  /** The serialized workflow message that started the execution, or empty if unknown. */
  Optional<byte[]> input(String executionId);

  /**
   * The value of the deferred slot, as {@link DeferredStore#get} reads it; when the slot is empty,
   * the execution (if RUNNING) is marked AWAITING in the same statement.
   *
   * @param fence the token of the execution's shard, as for {@link Commit#fence()}: when present
   *     and the shard has moved to a newer epoch, nothing is marked and {@link
   *     io.cruster.persistence.FencedException} is thrown
   */
  Optional<byte[]> awaitDeferred(
      String executionId, EntityAddress address, String name, Optional<FencingToken> fence);

  /** {@link #awaitDeferred(String, EntityAddress, String, Optional)} without a fencing token. */
  default Optional<byte[]> awaitDeferred(String executionId, EntityAddress address, String name) {
    return awaitDeferred(executionId, address, name, Optional.empty());
  }

  /**
   * Ends an execution with its reply: the request takes the reply (status FAILED for a FAILED
   * execution, so it can be re-run; DONE otherwise) and the record the status, the end time ({@code
   * reply.at()}), the failure summary and a copy of the reply, in one atomic write. Tells the
   * listeners ({@link ExecutionListener#ended}). First wins: a request that already has a reply and
   * a record already final are left as they are.
   *
   * @param status COMPLETED, FAILED or CANCELLED
   * @param failure the failure summary of a FAILED or CANCELLED execution
   * @param fence the token of the execution's shard, as for {@link Commit#fence()}: when present
   *     and the shard has moved to a newer epoch, nothing is written and {@link
   *     io.cruster.persistence.FencedException} is thrown (a runner that lost the shard cannot
   *     record the outcome)
   * @return whether this call ended it (false: it had ended, or is unknown)
   * @throws IllegalArgumentException when {@code status} is not final
   */
  boolean finish(
      ReplyRecord reply,
      ExecutionStatus status,
      Optional<String> failure,
      Optional<FencingToken> fence);

  /** {@link #finish(ReplyRecord, ExecutionStatus, Optional, Optional)} without a fencing token. */
  default boolean finish(ReplyRecord reply, ExecutionStatus status, Optional<String> failure) {
    return finish(reply, status, failure, Optional.empty());
  }

  /**
   * Records a request to cancel the execution, if it is not finished and no cancellation was
   * requested before, and tells the listeners ({@link ExecutionListener#cancelRequested}).
   *
   * @return whether this call recorded it (false: unknown, finished or already cancelled)
   */
  boolean requestCancel(String executionId, String reason, Instant at);

  /**
   * Deletes up to {@code limit} executions that ended before {@code endedBefore} with their
   * journals and their requests (when still stored). Returns their ids.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<String> purge(Instant endedBefore, int limit);

  /**
   * Starts telling {@code listener} about executions that end or are cancelled, in any process
   * sharing this storage, until the subscription is closed. Never blocks for long (PostgreSQL opens
   * its listening connection in the background).
   */
  Subscription subscribe(ExecutionListener listener);

  /** An active {@link #subscribe} registration. */
  interface Subscription extends AutoCloseable {
    /** Stops the notifications to this listener. Idempotent. */
    @Override
    void close();
  }
}
