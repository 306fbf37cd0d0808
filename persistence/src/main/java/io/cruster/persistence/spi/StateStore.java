package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import java.util.Optional;

/**
 * The committed states of entities. States are written only through {@link Storage#commit(Commit)},
 * whose version check (the stored version + 1) detects two writers of one entity. Thread-safe.
 */
public interface StateStore {

  /**
   * The last committed state of the entity (with its trait states), or empty if none was ever
   * committed. Blocks until the store answers.
   */
  Optional<StoredState> load(EntityAddress address);
}
