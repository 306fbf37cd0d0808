package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.ShardId;

/**
 * Ends the waits of workflows and singletons when the runtime closes or their entity's shard leaves
 * this node; they stop without recording anything, and continue from storage wherever they run
 * next.
 */
final class RuntimeClosedException extends CrusterException {
  private static final long serialVersionUID = 1L;

  RuntimeClosedException() {
    super("the cluster node is closing");
  }

  private RuntimeClosedException(String message) {
    super(message);
  }

  /** Work of an entity whose shard this node may no longer run (moved, or the lease lapsed). */
  static RuntimeClosedException lost(ShardId shard) {
    return new RuntimeClosedException(
        "shard " + shard + " is no longer served by this runner (moved, or its lease lapsed)");
  }
}
