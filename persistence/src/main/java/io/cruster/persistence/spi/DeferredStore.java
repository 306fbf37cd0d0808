package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import java.util.Optional;

/**
 * Deferreds: named slots of an entity, resolved once (the first value wins) and emptied explicitly
 * for reuse. Thread-safe; every method blocks until the store answers. Arrays are not copied:
 * callers must not change them.
 */
public interface DeferredStore {

  /** The value of the slot, or empty if it is not resolved. Blocks; changes nothing. */
  Optional<byte[]> get(EntityAddress address, String name);

  /**
   * Resolves a slot if it is empty; the first value wins. Blocks until durable. Of concurrent
   * resolves of one empty slot exactly one returns true.
   *
   * @return whether this call resolved it (false when it was already resolved, even with the same
   *     value)
   */
  boolean resolve(EntityAddress address, String name, byte[] value);

  /**
   * Empties a slot, so it can be resolved again; nothing happens if it is empty. Blocks until
   * durable.
   */
  void clear(EntityAddress address, String name);
}
