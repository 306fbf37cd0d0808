package io.cruster.actors;

/**
 * An actor name that is empty, contains {@code /}, starts with {@code $}, or is taken by a sibling.
 */
public class InvalidActorNameException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public InvalidActorNameException(String message) {
    super(message);
  }
}
