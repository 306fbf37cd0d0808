package io.cruster.sharding.internal;

import io.cruster.actors.TypeRegistry;

/** The runtime's own serialized values, allowed in every entity type's serializer. */
final class RuntimeTypes {
  private RuntimeTypes() {}

  /** A handler failure as stored in a reply or journal entry. */
  record Failure(String type, String message) {}

  static final TypeRegistry REGISTRY =
      TypeRegistry.builder().register(Failure.class, "cruster.Failure").build();
}
