package io.cruster.sharding.internal.cluster;

import io.cruster.actors.CrusterException;

/**
 * An etcd operation of the membership or shard-lock layer failed or timed out. The message names
 * the key or lease. {@link #isRetryable()} is true for failures that may pass when tried again
 * (timeouts, an unreachable etcd); an operation whose outcome is unknown (a timed-out lock
 * acquisition) is safe to retry: every operation here is idempotent for the same runner
 * incarnation.
 */
public final class ClusterException extends CrusterException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  ClusterException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
