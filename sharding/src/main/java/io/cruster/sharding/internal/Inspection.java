package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.StoredState;
import io.cruster.sharding.EntitySnapshot;
import io.cruster.sharding.ShardMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator's console reads from a runtime beyond its counters: the shard map as this node
 * sees it, and one entity's committed state and pending requests, read from storage so any node
 * answers for any entity. Stateless; every method may block on storage; thread-safe.
 */
final class Inspection {
  /** How far ahead pending requests are read: scheduled ones are pending too. */
  private static final Duration PENDING_HORIZON = Duration.ofDays(3650);

  /** How many pending requests of the entity's shard are read to find the entity's. */
  private static final int PENDING_SCAN = 1000;

  private Inspection() {}

  static ShardMap shardMap(EntityRuntime runtime, String self) {
    int n = runtime.config().shardsPerGroup();
    Placement placement = runtime.placement();
    Map<String, List<String>> owners = new HashMap<>();
    for (String group : runtime.groups()) {
      List<String> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ShardId shard = new ShardId(group, i);
        list.add(
            placement.isLocal(shard)
                ? self
                : placement.ownerAddress(shard).orElse(ShardMap.UNASSIGNED));
      }
      owners.put(group, list);
    }
    return new ShardMap(n, owners);
  }

  static EntitySnapshot entity(EntityRuntime runtime, String typeName, String entityId) {
    RegisteredType t = runtime.types().get(typeName);
    if (entityId == null || entityId.isBlank()) {
      throw new IllegalArgumentException("entity " + typeName + ": the id must not be blank");
    }
    EntityAddress address = new EntityAddress(typeName, entityId);
    ShardId shard = runtime.shardOf(t, entityId);
    EntityModel<?> model = t.model();
    Optional<StoredState> stored = runtime.storage().states().load(address);
    Optional<Object> state =
        stored.map(s -> model.serializer().fromBytes(s.state(), model.stateClass()));
    Map<String, Object> traits = new HashMap<>();
    stored.ifPresent(
        s -> {
          for (TraitModel<?> trait : model.traits()) {
            byte[] bytes = s.traits().get(trait.name());
            if (bytes != null) {
              traits.put(trait.name(), model.serializer().fromBytes(bytes, trait.stateClass()));
            }
          }
        });
    List<EntitySnapshot.PendingRequest> pending = new ArrayList<>();
    for (RequestState r :
        runtime
            .storage()
            .messages()
            .pending(
                List.of(shard), runtime.clock().instant().plus(PENDING_HORIZON), PENDING_SCAN)) {
      if (r.request().address().equals(address) && pending.size() < EntitySnapshot.MAX_PENDING) {
        pending.add(
            new EntitySnapshot.PendingRequest(
                r.request().requestId(),
                r.request().tag(),
                r.failures(),
                r.lastError(),
                r.request().createdAt(),
                r.request().deliverAt()));
      }
    }
    return new EntitySnapshot(
        typeName,
        entityId,
        shard.group(),
        shard.id(),
        t.instances.containsKey(entityId),
        stored.map(StoredState::version).orElse(0L),
        state,
        traits,
        pending);
  }
}
