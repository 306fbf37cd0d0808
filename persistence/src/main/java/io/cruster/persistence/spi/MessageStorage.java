package io.cruster.persistence.spi;

import io.cruster.actors.ShardId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Saved requests to entities and their replies: what makes delivery at-least-once and
 * de-duplicated. A request is saved before it is acknowledged, delivered until it is answered, and
 * dead-lettered (visible, re-drivable) after too many failed deliveries. Thread-safe; every method
 * blocks until the store answers and throws {@link io.cruster.persistence.StorageException} when it
 * fails.
 */
public interface MessageStorage {

  /**
   * Saves a request, pending, unless one with the same request id or the same (address, dedupe key)
   * exists. Blocks until durable. Concurrent saves of one key: exactly one is {@link
   * SaveOutcome.Saved}.
   *
   * @return {@link SaveOutcome.Saved}, or {@link SaveOutcome.Duplicate} with the existing request,
   *     its status and its reply if it has one (nothing is written then)
   */
  SaveOutcome save(RequestRecord request);

  /**
   * The request with this id and where it stands, or empty if unknown. Blocks; never changes
   * anything.
   */
  Optional<RequestState> find(String requestId);

  /**
   * Requests of these shards that are PENDING and due ({@code deliverAt <= now}), oldest {@code
   * deliverAt} then {@code createdAt} first, at most {@code limit}. Blocks; reading never changes a
   * request (its failure count grows only through {@link #recordFailure}).
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<RequestState> pending(Collection<ShardId> shards, Instant now, int limit);

  /**
   * Stores the reply of a request and marks it DONE (also possible via {@link Commit#replies()}).
   * Blocks until durable. Idempotent for the same reply; a different reply to a request that
   * already has one (DONE, or the failure reply of a FAILED request) is ignored: the first wins. A
   * late reply to a DEAD_LETTER request is stored and makes it DONE.
   *
   * @return true if the reply is stored now or was already stored; false if another reply was
   *     stored first or the request is unknown
   */
  boolean complete(ReplyRecord reply);

  /**
   * A delivery attempt of a PENDING request failed: its failure count grows by one and {@code
   * error} becomes its last error; at {@code failures >= maxRetries} it becomes DEAD_LETTER. A
   * request in another status is left as it is (an attempt that failed after another one
   * succeeded). The record of the workflow execution a dead-lettered request started, if any, ends
   * FAILED in the same write ({@link ExecutionStore}). Blocks until durable.
   *
   * @return the new state of the request
   * @throws IllegalArgumentException when {@code maxRetries} is below 1
   * @throws io.cruster.persistence.StorageException when the request is unknown (not retryable)
   */
  RequestState recordFailure(String requestId, String error, int maxRetries);

  /**
   * As {@link #recordFailure(String, String, int)}, fenced like a {@link Commit} that carries
   * {@code fence}: a runner that lost the request's shard (paused or cut off past its lease) cannot
   * count a failure against a request the shard's new owner is delivering, nor dead-letter it
   * early. The check and the update are one transaction. Blocks until durable.
   *
   * @param fence the token of the request's shard, as {@link Storage#fenceShards} returned it
   * @return the new state of the request
   * @throws io.cruster.persistence.FencedException when the shard has a newer epoch than {@code
   *     fence} (or one this storage never issued); nothing changed (retryable)
   * @throws IllegalArgumentException when {@code maxRetries} is below 1, or {@code fence} is the
   *     token of another shard than the request's
   * @throws io.cruster.persistence.StorageException when the request is unknown (not retryable)
   */
  RequestState recordFailure(String requestId, String error, int maxRetries, FencingToken fence);

  /**
   * Marks a request FAILED for good with its failure reply (a workflow that exhausted its retries).
   * It is not pending any more, but a duplicate save returns it so the caller may {@link #reopen}
   * it. A request that already has a reply (DONE or FAILED) keeps it: the first wins. The record of
   * the workflow execution it started, if any, ends FAILED in the same write. Blocks until durable.
   *
   * @throws IllegalArgumentException when {@code failure} is not a failure reply
   * @throws io.cruster.persistence.StorageException when the request is unknown (not retryable)
   */
  void fail(ReplyRecord failure);

  /**
   * Re-drives a FAILED or DEAD_LETTER request: it becomes PENDING with its failures reset to 0, its
   * last error and its stored failure reply removed; it is due again at its {@code deliverAt}. The
   * record of the workflow execution it started, if any, is RUNNING again (its end, failure and
   * reply cleared) in the same write. Blocks until durable.
   *
   * @return true if reopened; false if the request is in another status or unknown
   */
  boolean reopen(String requestId);

  /**
   * DEAD_LETTER requests, oldest ({@code createdAt}) first, at most {@code limit}. Blocks; changes
   * nothing.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<RequestState> deadLetters(int limit);

  /**
   * Forgets up to {@code limit} DONE requests whose reply was stored before {@code
   * completedBefore}: after this, a duplicate of one of them is a new request. Returns the ids
   * forgotten (their journals may go too). Blocks. The default forgets nothing, for stores that
   * keep everything.
   */
  default List<String> purgeCompleted(java.time.Instant completedBefore, int limit) {
    return List.of();
  }
}
