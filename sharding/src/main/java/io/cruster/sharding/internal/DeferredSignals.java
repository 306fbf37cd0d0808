package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;

/**
 * Resolving deferreds from outside their entity, and waking the workflows that await them: here if
 * the entity lives here, else on the runner serving it (best effort: an awaiting workflow also
 * re-checks storage every poll interval). Thread-safe.
 */
final class DeferredSignals {
  private final EntityRuntime runtime;

  DeferredSignals(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Stores {@code value} in deferred {@code name} of the entity; false if it was resolved before.
   */
  boolean resolve(RegisteredType t, String entityId, String name, Object value) {
    EntityAddress address = new EntityAddress(t.name(), entityId);
    boolean resolved =
        runtime.storage().deferreds().resolve(address, name, t.model().serializer().toBytes(value));
    wake(t, entityId, name);
    return resolved;
  }

  /** Wakes workflows of the entity awaiting deferred {@code name}. */
  void wake(RegisteredType t, String entityId, String name) {
    EntityInstance live = t.instances.get(entityId);
    if (live != null) {
      live.deferredResolved(name);
      return;
    }
    Remote remote = runtime.remote();
    if (remote != null) {
      ShardId shard = runtime.shardOf(t, entityId);
      if (!runtime.isLocal(shard)) {
        remote.resolved(new EntityAddress(t.name(), entityId), shard, name);
      }
    }
  }
}
