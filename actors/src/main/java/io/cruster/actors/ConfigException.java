package io.cruster.actors;

/** A configuration value is missing or invalid; the message names the key and the value. */
public class ConfigException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
