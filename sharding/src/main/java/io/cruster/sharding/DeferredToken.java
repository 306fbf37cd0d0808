package io.cruster.sharding;

import java.util.Objects;

/**
 * A serializable handle on one deferred of one entity: whoever holds it can resolve it with {@link
 * EntityClient#resolve(DeferredToken, Object)}.
 *
 * @param entityType the entity type's name
 * @param entityId the entity's id
 * @param name the deferred's name
 */
public record DeferredToken<T>(String entityType, String entityId, String name) {
  public DeferredToken {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(name, "name");
  }
}
