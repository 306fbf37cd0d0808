package io.cruster.actors;

/**
 * A value could not be written or read: its class is not allowed (not registered), the bytes are
 * malformed, or they were written by an incompatible format version. The message names the class.
 */
public class SerializationException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public SerializationException(String message) {
    super(message);
  }

  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
