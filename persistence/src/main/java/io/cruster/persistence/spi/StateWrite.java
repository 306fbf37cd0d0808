package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;

/**
 * The new state of one entity inside a {@link Commit}. Immutable and thread-safe.
 *
 * @param address the entity
 * @param state its new state; {@code state.version()} must be the stored version + 1 (1 for the
 *     first write)
 */
public record StateWrite(EntityAddress address, StoredState state) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   */
  public StateWrite {
    Checks.nonNull(address, "StateWrite", "address");
    Checks.nonNull(state, "StateWrite", "state");
  }
}
