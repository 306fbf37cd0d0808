package io.cruster.sharding.internal;

import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.SqlTransaction;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityTrait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The context of an activity: a working copy of the state that commits, or not, as a whole. */
final class ActivityContextImpl extends BaseContext implements ActivityContext<Object> {
  private final Work work;

  /**
   * The working copy shared by an activity and the activities it calls inline. Actor thread only.
   */
  static final class Work {
    Object state;
    final Map<String, Object> traits;
    final List<DeferredWrite> deferreds = new ArrayList<>();
    final List<String> resolvedNames = new ArrayList<>();

    /** The activity's own SQL transaction, once it asked for one. */
    SqlTransaction sql;

    Work(Snapshot from) {
      this.state = from.state();
      this.traits = new HashMap<>(from.traits());
    }
  }

  ActivityContextImpl(EntityInstance instance, TraitModel<?> owner, Work work) {
    super(instance, owner);
    this.work = work;
  }

  @Override
  public Object state() {
    return owner == null ? work.state : work.traits.get(owner.name());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T traitState(EntityTrait<T> trait) {
    return (T) work.traits.get(instance.type.composed(trait).name());
  }

  @Override
  public void setState(Object state) {
    Objects.requireNonNull(state, "state");
    if (owner == null) {
      work.state = state;
    } else {
      work.traits.put(owner.name(), state);
    }
  }

  @Override
  public <T> void setTraitState(EntityTrait<T> trait, T state) {
    work.traits.put(instance.type.composed(trait).name(), Objects.requireNonNull(state, "state"));
  }

  @Override
  public <T> void resolve(Deferred<T> deferred, T value) {
    Objects.requireNonNull(value, "value");
    byte[] bytes = instance.type.model().serializer().toBytes(deferred.type().cast(value));
    work.deferreds.add(new DeferredWrite(instance.address, deferred.name(), Optional.of(bytes)));
    work.resolvedNames.add(deferred.name());
  }

  @Override
  public void clear(Deferred<?> deferred) {
    work.deferreds.add(new DeferredWrite(instance.address, deferred.name(), Optional.empty()));
  }

  @Override
  public java.sql.Connection sql() {
    if (work.sql == null) {
      work.sql =
          instance
              .runtime
              .storage()
              .beginSql()
              .orElseThrow(
                  () ->
                      new UnsupportedOperationException(
                          instance.address
                              + ": this storage has no SQL (in-memory); ctx.sql() needs PostgreSQL storage"));
    }
    return work.sql.connection();
  }

  @Override
  public <T> DeferredToken<T> deferredToken(Deferred<T> deferred) {
    return new DeferredToken<>(
        instance.address.entityType(), instance.address.entityId(), deferred.name());
  }
}
