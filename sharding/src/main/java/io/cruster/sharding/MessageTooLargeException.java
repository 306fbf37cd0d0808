package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * A message is larger, serialized, than {@code maxMessageBytes}; it was refused before anything was
 * saved.
 */
public class MessageTooLargeException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public MessageTooLargeException(String message) {
    super(message);
  }
}
