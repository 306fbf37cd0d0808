package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.sharding.ShardUnavailableException;

/**
 * The entity's shard is not served by this node (any more, or yet): the call goes to its owner
 * instead.
 */
final class ShardMovedException extends ShardUnavailableException {
  private static final long serialVersionUID = 1L;

  ShardMovedException(ShardId shard) {
    super("shard " + shard + " is not served by this runner");
  }
}
