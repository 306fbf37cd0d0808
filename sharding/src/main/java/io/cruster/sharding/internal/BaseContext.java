package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityContext;
import io.cruster.sharding.EntityType;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * What every handler context shares: identity, clients with the handler's rights, clock, logger.
 */
abstract class BaseContext implements EntityContext {
  final EntityInstance instance;
  final TraitModel<?> owner;

  BaseContext(EntityInstance instance, TraitModel<?> owner) {
    this.instance = instance;
    this.owner = owner;
  }

  Caller caller() {
    return new Caller(instance.address, owner);
  }

  @Override
  public String entityId() {
    return instance.address.entityId();
  }

  @Override
  public EntityAddress address() {
    return instance.address;
  }

  @Override
  public EntityClient self() {
    return instance.runtime.client(instance.type.model(), caller());
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    return instance.runtime.client(Models.of(type), caller());
  }

  @Override
  public Clock clock() {
    return instance.runtime.clock();
  }

  @Override
  public Logger log() {
    return instance.log;
  }
}
