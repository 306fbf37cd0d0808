package io.cruster.sharding;

import io.cruster.actors.EntityAddress;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * What every handler of an entity can see: who it is, clients to call itself and other entities,
 * the clock and a logger. Valid only during the handler call that received it; not thread-safe.
 */
public interface EntityContext {

  /** The entity's id. */
  String entityId();

  /** The entity's address (type name and id). */
  EntityAddress address();

  /**
   * A client to this entity itself, with the rights of the entity (protected and private messages
   * allowed).
   */
  EntityClient self();

  /**
   * A client to entities of another type, with the rights of another entity (public messages only).
   */
  EntityClient client(EntityType<?> type);

  /** The cluster's clock (a manual clock in a TestCluster). */
  Clock clock();

  /** A logger whose MDC carries the entity type and id. */
  Logger log();
}
