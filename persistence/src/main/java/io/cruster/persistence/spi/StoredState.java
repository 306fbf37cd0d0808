package io.cruster.persistence.spi;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The committed state of an entity together with the states of its traits, saved and loaded as one.
 * Immutable and thread-safe if nobody changes the arrays: they are not copied, so callers must not
 * change them after handing them over. Equality compares the bytes.
 *
 * @param state the serialized entity state
 * @param traits the serialized state of each trait, by trait name (a copy of the given map)
 * @param version the version of this state: 1 for the first committed state, then +1 per commit; >=
 *     0
 */
public record StoredState(byte[] state, Map<String, byte[]> traits, long version) {

  /**
   * Checks and copies the fields. Never blocks.
   *
   * @throws NullPointerException when a field, a trait name or a trait state is null
   * @throws IllegalArgumentException when {@code version} is negative or a trait name is blank
   */
  public StoredState {
    Checks.nonNull(state, "StoredState", "state");
    Checks.nonNull(traits, "StoredState", "traits");
    traits.forEach(
        (name, bytes) -> {
          Checks.nonBlank(name, "StoredState", "traits key");
          Checks.nonNull(bytes, "StoredState", "traits[" + name + "]");
        });
    traits = Map.copyOf(traits);
    if (version < 0) {
      throw new IllegalArgumentException("StoredState.version must be >= 0, was " + version);
    }
  }

  /** An entity state without traits. Never blocks. */
  public static StoredState of(byte[] state, long version) {
    return new StoredState(state, Map.of(), version);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StoredState other)
        || version != other.version
        || !Arrays.equals(state, other.state)
        || traits.size() != other.traits.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> trait : traits.entrySet()) {
      if (!Arrays.equals(trait.getValue(), other.traits.get(trait.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int traitsHash = 0;
    for (Map.Entry<String, byte[]> trait : traits.entrySet()) {
      traitsHash += trait.getKey().hashCode() ^ Arrays.hashCode(trait.getValue());
    }
    return Objects.hash(Arrays.hashCode(state), traitsHash, version);
  }

  @Override
  public String toString() {
    StringJoiner traitList = new StringJoiner(", ", "{", "}");
    new TreeMap<>(traits)
        .forEach((name, bytes) -> traitList.add(name + "=" + Checks.describe(bytes)));
    return "StoredState[state="
        + Checks.describe(state)
        + ", traits="
        + traitList
        + ", version="
        + version
        + "]";
  }
}
