package io.cruster.persistence.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.StateStore;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.StoredState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Committed entity states by address. Guarded by the storage's lock; written only by a commit. */
final class InMemoryStates implements StateStore {
  private final Guard guard;
  private final Map<EntityAddress, StoredState> states = new HashMap<>();

  InMemoryStates(Guard guard) {
    this.guard = guard;
  }

  @Override
  public Optional<StoredState> load(EntityAddress address) {
    Objects.requireNonNull(address, "address");
    return guard.call(() -> Optional.ofNullable(states.get(address)));
  }

  /**
   * Throws unless the write's version is exactly the stored version + 1 (1 when nothing is stored).
   */
  void check(StateWrite write) {
    StoredState stored = states.get(write.address());
    long storedVersion = stored == null ? 0 : stored.version();
    long written = write.state().version();
    if (written != storedVersion + 1) {
      throw new StorageException(
          "state version conflict for "
              + write.address()
              + ": the commit writes version "
              + written
              + " but the stored version is "
              + storedVersion
              + (stored == null ? " (nothing stored)" : "")
              + ", so the next must be "
              + (storedVersion + 1)
              + "; another writer committed first?");
    }
  }

  void put(StateWrite write) {
    states.put(write.address(), write.state());
  }
}
