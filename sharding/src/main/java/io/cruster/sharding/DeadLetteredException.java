package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * A request failed to be delivered too often (see {@code storageMessageMaxRetries}) or can never be
 * delivered (unknown tag, undecodable payload), and was dead-lettered: it is kept, visible and
 * re-drivable, but not run.
 */
public class DeadLetteredException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public DeadLetteredException(String message) {
    super(message);
  }
}
