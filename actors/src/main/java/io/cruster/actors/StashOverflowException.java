package io.cruster.actors;

/** A {@link StashBuffer} is full; the message that did not fit is named in the text. */
public class StashOverflowException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public StashOverflowException(String message) {
    super(message);
  }
}
