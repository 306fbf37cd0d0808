package io.cruster.sharding.internal;

import io.cruster.sharding.EntityTrait;
import io.cruster.sharding.EntityType;
import java.util.function.Function;

/**
 * Reaches the compiled model inside the public {@link EntityType} and {@link EntityTrait} without
 * making it part of their API. The public classes bind the accessors when they are initialized,
 * which happens before any instance can reach this class.
 */
public final class Models {
  private static volatile Function<EntityType<?>, EntityModel<?>> types;
  private static volatile Function<EntityTrait<?>, TraitModel<?>> traits;

  private Models() {}

  /** Called once by the public classes' static initializers. */
  public static void bind(
      Function<EntityType<?>, EntityModel<?>> typeAccess,
      Function<EntityTrait<?>, TraitModel<?>> traitAccess) {
    types = typeAccess;
    traits = traitAccess;
  }

  @SuppressWarnings("unchecked")
  public static <S> EntityModel<S> of(EntityType<S> type) {
    return (EntityModel<S>) types.apply(type);
  }

  @SuppressWarnings("unchecked")
  public static <S> TraitModel<S> of(EntityTrait<S> trait) {
    return (TraitModel<S>) traits.apply(trait);
  }
}
