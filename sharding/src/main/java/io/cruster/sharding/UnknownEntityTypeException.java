package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/** No entity type of this name is registered. */
public class UnknownEntityTypeException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public UnknownEntityTypeException(String message) {
    super(message);
  }
}
