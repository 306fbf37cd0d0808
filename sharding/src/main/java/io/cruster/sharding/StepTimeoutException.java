package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * A workflow step outlived the timeout of its {@link StepOptions}: its attempt failed (what the
 * activity changed was not committed) and the step follows its own retry policy. Retryable: another
 * attempt may be quicker.
 */
public class StepTimeoutException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public StepTimeoutException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
