package io.cruster.actors;

/**
 * The root of every exception Cruster throws. Unchecked; each subclass says what happened, and
 * {@link #isRetryable()} tells whether trying the same operation again may succeed.
 */
public class CrusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CrusterException(String message) {
    super(message);
  }

  public CrusterException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same operation may succeed when tried again later (false unless a subclass says
   * so).
   */
  public boolean isRetryable() {
    return false;
  }
}
