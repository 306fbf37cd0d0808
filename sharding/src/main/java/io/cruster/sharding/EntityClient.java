package io.cruster.sharding;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Calls the entities of one type, by id; any node can call any entity. Obtained from a {@link
 * Cluster} (or, inside an entity, from its context). Thread-safe; not meant to be implemented
 * outside Cruster.
 *
 * <p>Calls to activities and workflows are requests saved before they are acknowledged: processed
 * at least once, de-duplicated by idempotency key, their reply stored. Rpcs go straight to the
 * entity. Failures keep their type: a handler's exception arrives as {@link EntityException};
 * infrastructure failures as other {@link io.cruster.actors.CrusterException}s, whose {@code
 * isRetryable()} says whether to try again.
 */
public interface EntityClient {

  /** The entity type this client calls. */
  EntityType<?> type();

  /**
   * Sends {@code message} to entity {@code entityId} and blocks until the reply (up to the call
   * timeout).
   *
   * @throws NotCallableException if the caller may not send this message
   * @throws UnknownMessageException if the entity type has no handler for it
   * @throws EntityException if the handler threw
   * @throws CallTimeoutException if no reply came in time
   */
  <R> R call(String entityId, Message<R> message);

  /** As {@link #call(String, Message)}, with options (idempotency key, timeout). */
  <R> R call(String entityId, Message<R> message, CallOptions options);

  /**
   * The non-blocking twin of {@link #call(String, Message)}; failures complete the future
   * exceptionally.
   */
  <R> CompletableFuture<R> callAsync(String entityId, Message<R> message);

  /** The non-blocking twin of {@link #call(String, Message, CallOptions)}. */
  <R> CompletableFuture<R> callAsync(String entityId, Message<R> message, CallOptions options);

  /** Sends without waiting for the reply; returns once the request is saved. */
  void notify(String entityId, Message<?> message);

  /**
   * Delivers {@code message} at {@code deliverAt} (saved now); the future completes with the reply.
   */
  <R> CompletableFuture<R> callAt(String entityId, Message<R> message, Instant deliverAt);

  /**
   * Delivers {@code message} at {@code deliverAt} without waiting for the reply; returns once it is
   * saved.
   */
  void notifyAt(String entityId, Message<?> message, Instant deliverAt);

  /**
   * Calls a stream rpc; the stream yields its chunks in order and blocks while waiting for the next
   * one. Close the stream to stop early.
   */
  <T> Stream<T> stream(String entityId, StreamRpc<T> message);

  /**
   * Resolves a deferred of entity {@code entityId}; returns whether this call resolved it (first
   * value wins).
   */
  <T> boolean resolve(String entityId, Deferred<T> deferred, T value);

  /** Resolves the deferred a token names; returns whether this call resolved it. */
  <T> boolean resolve(DeferredToken<T> token, T value);

  /**
   * Starts a workflow and returns a handle to its execution once its request is saved, without
   * waiting for it to run: follow it with {@link WorkflowHandle#join}, {@link WorkflowHandle#poll},
   * or from anywhere else through {@link Workflows#handle} and its {@link
   * WorkflowHandle#executionId()}. A message with an idempotency key already seen returns a handle
   * to that execution (and runs it again if it had failed for good), as {@link #call} would. Blocks
   * for the save.
   *
   * @throws NotCallableException if the caller may not send this message
   * @throws UnknownMessageException if the entity type has no handler for it
   */
  <R> WorkflowHandle<R> start(String entityId, Workflow<R> message);

  /**
   * As {@link #start(String, Workflow)}, with options (an idempotency key; a timeout has no meaning
   * here, as nothing waits for the reply).
   */
  <R> WorkflowHandle<R> start(String entityId, Workflow<R> message, CallOptions options);

  /**
   * Runs again a workflow that has failed for good (its retries exhausted), continuing from its
   * journal, and waits for the reply. The workflow is found by the message's idempotency key
   * ({@link Idempotent} or the given option).
   */
  <R> R retry(String entityId, Message<R> message, CallOptions options);
}
