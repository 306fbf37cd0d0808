package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to a deferred slot inside a {@link Commit}: resolve (first wins: an already resolved
 * slot is left as it is) or clear (empties it). Immutable and thread-safe if nobody changes the
 * value: it is not copied. Equality compares the bytes.
 *
 * @param address the entity owning the slot
 * @param name the slot's name; not blank
 * @param value the value to resolve it with, or empty to clear it
 */
public record DeferredWrite(EntityAddress address, String name, Optional<byte[]> value) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public DeferredWrite {
    Checks.nonNull(address, "DeferredWrite", "address");
    Checks.nonBlank(name, "DeferredWrite", "name");
    Checks.nonNull(value, "DeferredWrite", "value");
  }

  /** A write resolving the slot with {@code value} unless it is already resolved. Never blocks. */
  public static DeferredWrite resolve(EntityAddress address, String name, byte[] value) {
    return new DeferredWrite(
        address, name, Optional.of(Checks.nonNull(value, "DeferredWrite", "value")));
  }

  /** A write emptying the slot. Never blocks. */
  public static DeferredWrite clear(EntityAddress address, String name) {
    return new DeferredWrite(address, name, Optional.empty());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeferredWrite w
        && address.equals(w.address)
        && name.equals(w.name)
        && value.isPresent() == w.value.isPresent()
        && (value.isEmpty() || Arrays.equals(value.get(), w.value.get()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, name, value.map(Arrays::hashCode).orElse(0), value.isPresent());
  }

  @Override
  public String toString() {
    return "DeferredWrite[address="
        + address
        + ", name="
        + name
        + ", value="
        + value.map(Checks::describe).orElse("clear")
        + "]";
  }
}
