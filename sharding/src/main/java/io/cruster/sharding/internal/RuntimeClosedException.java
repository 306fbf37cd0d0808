package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;

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
}
