package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/** The entity type has no handler for this message (or tag). */
public class UnknownMessageException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public UnknownMessageException(String message) {
    super(message);
  }
}
