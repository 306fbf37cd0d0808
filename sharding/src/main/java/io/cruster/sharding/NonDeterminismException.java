package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * A replayed workflow step differs from its journal (code changed under a running workflow): the
 * execution fails instead of being mis-replayed. The message names the step.
 */
public class NonDeterminismException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public NonDeterminismException(String message) {
    super(message);
  }
}
