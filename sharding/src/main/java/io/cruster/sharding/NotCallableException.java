package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/** The caller may not send this message (its visibility forbids it); the message did not run. */
public class NotCallableException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public NotCallableException(String message) {
    super(message);
  }
}
