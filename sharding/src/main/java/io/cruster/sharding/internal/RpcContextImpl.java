package io.cruster.sharding.internal;

import io.cruster.sharding.EntityTrait;
import io.cruster.sharding.RpcContext;

/** The read-only context of rpcs and streams, over one committed snapshot. */
class RpcContextImpl extends BaseContext implements RpcContext<Object> {
  private final Snapshot snapshot;

  RpcContextImpl(EntityInstance instance, TraitModel<?> owner, Snapshot snapshot) {
    super(instance, owner);
    this.snapshot = snapshot;
  }

  @Override
  public Object state() {
    return owner == null ? snapshot.state() : snapshot.traits().get(owner.name());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T traitState(EntityTrait<T> trait) {
    return (T) snapshot.traits().get(instance.type.composed(trait).name());
  }
}
