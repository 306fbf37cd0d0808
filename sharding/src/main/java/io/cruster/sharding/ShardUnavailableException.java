package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * No runner served the entity's shard within the call's deadline: its owner is starting, moving, or
 * unreachable. Retryable: the same call may succeed later (a persisted request is already saved and
 * runs once its shard is served again).
 */
public class ShardUnavailableException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public ShardUnavailableException(String message) {
    super(message);
  }

  public ShardUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
