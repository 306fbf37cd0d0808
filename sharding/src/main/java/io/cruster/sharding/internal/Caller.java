package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.sharding.NotCallableException;

/**
 * Who makes a call, for visibility checks: a client outside any entity, or a handler of an entity
 * (and of which of its traits, if any).
 *
 * @param address the calling entity, or null for a client
 * @param trait the trait whose handler calls, or null for the entity's own handlers and for clients
 */
public record Caller(EntityAddress address, TraitModel<?> trait) {
  public static final Caller CLIENT = new Caller(null, null);

  /**
   * Public messages are callable by all; protected ones by the entity itself and its traits;
   * private ones only by the entity or trait that declares them.
   */
  void check(HandlerDef def, EntityAddress target) {
    if (def.visibility() == Visibility.PUBLIC) {
      return;
    }
    boolean self = target.equals(address);
    if (self && (def.visibility() == Visibility.PROTECTED || def.trait() == trait)) {
      return;
    }
    String who =
        address == null
            ? "a client"
            : self
                ? (trait == null ? "the entity itself" : "trait " + trait.name())
                : "entity " + address;
    throw new NotCallableException(
        target.entityType()
            + " message "
            + def.tag()
            + " is "
            + def.visibility().name().toLowerCase(java.util.Locale.ROOT)
            + (def.trait() == null ? "" : " to trait " + def.trait().name())
            + " and cannot be called by "
            + who);
  }
}
