package io.cruster.persistence.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.DeferredStore;
import io.cruster.persistence.spi.DeferredWrite;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolved deferred slots by (address, name); an empty slot has no entry. Guarded by the storage's
 * lock.
 */
final class InMemoryDeferreds implements DeferredStore {
  private record Slot(EntityAddress address, String name) {
    Slot {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException(
            "deferred name must not be blank (entity " + address + ")");
      }
    }
  }

  private final Guard guard;
  private final Map<Slot, byte[]> values = new HashMap<>();

  InMemoryDeferreds(Guard guard) {
    this.guard = guard;
  }

  @Override
  public Optional<byte[]> get(EntityAddress address, String name) {
    Slot slot = new Slot(address, name);
    return guard.call(() -> Optional.ofNullable(values.get(slot)));
  }

  @Override
  public boolean resolve(EntityAddress address, String name, byte[] value) {
    Slot slot = new Slot(address, name);
    Objects.requireNonNull(value, "value");
    return guard.call(() -> values.putIfAbsent(slot, value) == null);
  }

  @Override
  public void clear(EntityAddress address, String name) {
    Slot slot = new Slot(address, name);
    guard.run(() -> values.remove(slot));
  }

  /** Applies a write of a commit: resolve (first wins) or clear. */
  void apply(DeferredWrite write) {
    Slot slot = new Slot(write.address(), write.name());
    write
        .value()
        .ifPresentOrElse(value -> values.putIfAbsent(slot, value), () -> values.remove(slot));
  }
}
