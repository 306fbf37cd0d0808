package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * An entity type or trait is not valid (missing or duplicate handler, duplicate tag, unserializable
 * state or message, a visibility its kind forbids). The message names the type, the message and the
 * rule.
 */
public class EntityDefinitionException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public EntityDefinitionException(String message) {
    super(message);
  }
}
