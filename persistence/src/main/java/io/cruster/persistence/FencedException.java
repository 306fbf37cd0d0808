package io.cruster.persistence;

import io.cruster.actors.ShardId;

/**
 * A commit was refused because its shard has a newer epoch than the one the commit carries: another
 * runner acquired the shard since this one did (this one was paused or cut off past its lease).
 * Nothing of the commit was applied. Retryable: the same call, routed again, reaches the shard's
 * current owner.
 */
public class FencedException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient ShardId shard;
  private final long epoch;
  private final long currentEpoch;

  /**
   * A refusal of a commit for {@code shard} carrying {@code epoch} while the shard is at {@code
   * currentEpoch} (0 if the storage knows no epoch of the shard).
   */
  public FencedException(String message, ShardId shard, long epoch, long currentEpoch) {
    this(message, shard, epoch, currentEpoch, null);
  }

  /** The same, with the exception that caused it (may be null). */
  public FencedException(
      String message, ShardId shard, long epoch, long currentEpoch, Throwable cause) {
    super(message, cause, true);
    this.shard = shard;
    this.epoch = epoch;
    this.currentEpoch = currentEpoch;
  }

  /** The shard whose commit was refused. */
  public ShardId shard() {
    return shard;
  }

  /** The epoch the refused commit carried. */
  public long epoch() {
    return epoch;
  }

  /** The shard's epoch when the commit was refused; 0 if the storage knew none. */
  public long currentEpoch() {
    return currentEpoch;
  }
}
