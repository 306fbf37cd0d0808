package io.cruster.sharding;

import java.util.Objects;

/**
 * A typed, named slot of an entity that a workflow can await and anyone can resolve once. A value
 * resolved before the await is kept; a resolved slot stays resolved until cleared, so let the name
 * carry its business key ({@code Deferred.of("approval/" + orderId, Boolean.class)}).
 *
 * @param name the slot's name, unique within the entity
 * @param type the value's type
 */
public record Deferred<T>(String name, Class<T> type) {
  public Deferred {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a deferred's name must not be blank");
    }
  }

  /** The slot {@code name} holding a {@code type}. */
  public static <T> Deferred<T> of(String name, Class<T> type) {
    return new Deferred<>(name, type);
  }
}
