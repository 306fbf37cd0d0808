package io.cruster.sharding.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;

/**
 * Receives what a cluster node does, for metrics (Micrometer, Prometheus, logs) or tests. Every
 * method has an empty default, so an implementation overrides what it records. Called synchronously
 * on the node's own threads (entity actors, transport threads, the shard manager): keep each call
 * short; it must not throw (a failure is logged and ignored). Implementations must be thread-safe.
 */
public interface MetricsListener {
  /** A listener that records nothing. */
  MetricsListener NONE = new MetricsListener() {};

  /**
   * A call made through a client of this node completed.
   *
   * @param entityType the target's entity type
   * @param tag the message tag
   * @param remote whether the target was served by another runner
   * @param nanos the time from the call to its reply
   * @param failed whether it ended with an exception
   */
  default void callCompleted(
      String entityType, String tag, boolean remote, long nanos, boolean failed) {}

  /**
   * An entity was loaded into memory on this node. Called on the entity's actor, after its state
   * was read.
   */
  default void entityActivated(EntityAddress address) {}

  /**
   * An entity left memory on this node (passivated, its shard handed over, or the node stopped).
   */
  default void entityPassivated(EntityAddress address) {}

  /** This node took a shard's lock and serves it from now on. */
  default void shardAcquired(ShardId shard) {}

  /** This node stopped serving a shard (handed over, fenced or stopping). */
  default void shardReleased(ShardId shard) {}

  /** A storage poll of this node's shards found {@code requests} due requests. */
  default void storagePolled(int requests) {}
}
