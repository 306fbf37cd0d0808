package io.cruster.sharding.internal;

import io.cruster.sharding.EntityTrait;
import io.cruster.sharding.EntityType;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An entity type registered with a runtime: its model, effective options, live instances and
 * counters.
 */
final class RegisteredType {
  private final EntityModel<?> model;
  final EntityType<?> type;
  final ConcurrentHashMap<String, EntityInstance> instances = new ConcurrentHashMap<>();
  final AtomicLong activations = new AtomicLong();
  final AtomicLong passivations = new AtomicLong();
  final Duration maxIdleTime;
  final int mailboxCapacity;

  RegisteredType(EntityType<?> type, Duration defaultIdle, int defaultCapacity) {
    this.type = type;
    this.model = Models.of(type);
    this.maxIdleTime = model.options().maxIdleTime().orElse(defaultIdle);
    this.mailboxCapacity =
        model.options().mailboxCapacity() == 0
            ? defaultCapacity
            : model.options().mailboxCapacity();
  }

  @SuppressWarnings("unchecked")
  EntityModel<Object> model() {
    return (EntityModel<Object>) model;
  }

  String name() {
    return model.name();
  }

  /** The model of a trait composed into this type. */
  TraitModel<?> composed(EntityTrait<?> trait) {
    TraitModel<?> t = Models.of(trait);
    if (!model.traits().contains(t)) {
      throw new IllegalArgumentException(
          "trait " + trait.name() + " is not composed into entity type " + name());
    }
    return t;
  }
}
