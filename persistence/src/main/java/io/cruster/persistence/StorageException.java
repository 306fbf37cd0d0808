package io.cruster.persistence;

import io.cruster.actors.CrusterException;

/**
 * A storage operation failed: the storage is closed or unreachable, a write conflicts with what is
 * stored (a journal step already recorded, a state version that is not the next one), or an
 * argument names something unknown. The message names the subject (entity address, request id,
 * execution and step). {@link #isRetryable()} tells whether the same operation may succeed later: a
 * lost connection may, a conflict never does.
 */
public class StorageException extends CrusterException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /** A terminal (not retryable) failure. */
  public StorageException(String message) {
    this(message, null, false);
  }

  /** A terminal (not retryable) failure caused by {@code cause}. */
  public StorageException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** A failure caused by {@code cause} (may be null), retryable or not. */
  public StorageException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same operation may succeed when tried again later. */
  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
