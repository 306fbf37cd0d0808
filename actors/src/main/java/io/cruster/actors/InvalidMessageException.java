package io.cruster.actors;

/** A message that can never be delivered, such as {@code null}. */
public class InvalidMessageException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public InvalidMessageException(String message) {
    super(message);
  }
}
