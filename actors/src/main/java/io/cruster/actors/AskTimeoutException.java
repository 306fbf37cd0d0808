package io.cruster.actors;

/**
 * No reply arrived to an ask within its timeout. The request may or may not have been processed.
 */
public class AskTimeoutException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public AskTimeoutException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
