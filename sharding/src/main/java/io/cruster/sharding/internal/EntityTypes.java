package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.UnknownEntityTypeException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entity types registered with a runtime, their live instances, and the shards of their groups
 * (all of which a single node serves). Thread-safe.
 */
final class EntityTypes {
  private final ShardingConfig config;
  private final Map<String, RegisteredType> types = new ConcurrentHashMap<>();
  private final Set<ShardId> shards = ConcurrentHashMap.newKeySet();

  EntityTypes(ShardingConfig config) {
    this.config = config;
  }

  /**
   * Registers {@code type}; registering the same type again is a no-op.
   *
   * @throws IllegalStateException if another type of that name is registered
   */
  RegisteredType register(EntityType<?> type) {
    RegisteredType t =
        new RegisteredType(type, config.entityMaxIdleTime(), config.entityMailboxCapacity());
    RegisteredType before = types.putIfAbsent(t.name(), t);
    if (before != null) {
      if (before.type != type) {
        throw new IllegalStateException(
            "another entity type named " + t.name() + " is already registered");
      }
      return before;
    }
    String group = t.model().options().shardGroup();
    for (int i = 0; i < config.shardsPerGroup(); i++) {
      shards.add(new ShardId(group, i));
    }
    return t;
  }

  /**
   * The registered type named {@code name}.
   *
   * @throws UnknownEntityTypeException if none is
   */
  RegisteredType get(String name) {
    RegisteredType t = types.get(name);
    if (t == null) {
      throw new UnknownEntityTypeException(
          "no entity type named [" + name + "] is registered; register it first");
    }
    return t;
  }

  Collection<RegisteredType> all() {
    return types.values();
  }

  /** Every shard of every registered type's group: what a single node serves. */
  Set<ShardId> shards() {
    return shards;
  }

  /** The shard of an entity of a registered type. */
  ShardId shardOf(RegisteredType t, String entityId) {
    return ShardHash.shardOf(t.model().options().shardGroup(), entityId, config.shardsPerGroup());
  }

  /** The shard groups of the registered types. */
  Set<String> groups() {
    Set<String> out = new TreeSet<>();
    types.values().forEach(t -> out.add(t.model().options().shardGroup()));
    return out;
  }

  /** The live entities of every registered type, by type name. */
  Map<String, Integer> liveEntitiesByType() {
    Map<String, Integer> out = new TreeMap<>();
    types.forEach((n, t) -> out.put(n, t.instances.size()));
    return out;
  }

  /** Workflow executions running on live entities, summed. */
  int runningWorkflows() {
    int n = 0;
    for (RegisteredType t : types.values()) {
      for (EntityInstance i : t.instances.values()) {
        n += i.workflows.size();
      }
    }
    return n;
  }

  /** Deliveries queued at live entities, summed: the depth of the entity mailboxes. */
  long queuedDeliveries() {
    long n = 0;
    for (RegisteredType t : types.values()) {
      for (EntityInstance i : t.instances.values()) {
        n += i.queued();
      }
    }
    return n;
  }
}
