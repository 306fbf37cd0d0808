package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Calls to shards this node does not serve, sent to their owners. Each call retries with backoff
 * while the owner is unknown, moving or unreachable, until its deadline; one whose shard turns out
 * to be served here after all runs here. Thread-safe; nothing here blocks but {@link #stream}.
 */
interface Remote {

  /**
   * Runs an rpc on the owner; the future gets the decoded reply or the exception the caller sees.
   */
  CompletableFuture<Object> rpc(
      RegisteredType t,
      String entityId,
      ShardId shard,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout,
      java.util.Map<String, String> trace);

  /**
   * Runs a stream rpc on the owner; chunks arrive in order, decoded. Blocks until the call is sent.
   */
  Stream<Object> stream(
      RegisteredType t,
      String entityId,
      ShardId shard,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout,
      java.util.Map<String, String> trace);

  /**
   * Asks the owner of a saved request to run it and returns its stored reply; null when no reply is
   * expected (the future completes once the owner has taken it) or when the shard became local and
   * the request was dispatched here instead.
   */
  CompletableFuture<ReplyRecord> deliver(RequestState state, Duration timeout);

  /**
   * Tells the owner of an entity that one of its deferreds was resolved, so an awaiting workflow
   * wakes now.
   */
  void resolved(EntityAddress address, ShardId shard, String deferredName);

  /** Calls sent to other runners and not yet answered. */
  int inFlight();
}
