package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * No reply within the call's timeout. The request may still run (and, for activities and workflows,
 * its reply is stored: calling again with the same idempotency key returns it).
 */
public class CallTimeoutException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public CallTimeoutException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
