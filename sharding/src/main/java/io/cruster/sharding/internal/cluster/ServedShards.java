package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bit per shard of each hosted group: set while the shard is locked here and not being
 * released. Written by the shard manager's loop (set after a lock is taken, cleared before a
 * release starts), read on every call to decide whether an entity is local: an array lookup instead
 * of two set lookups. Thread-safe.
 */
final class ServedShards {
  private final Map<String, AtomicLongArray> bits = new HashMap<>();
  private final int shardsPerGroup;

  ServedShards(Set<String> groups, int shardsPerGroup) {
    this.shardsPerGroup = shardsPerGroup;
    for (String group : groups) {
      bits.put(group, new AtomicLongArray((shardsPerGroup + 63) / 64));
    }
  }

  boolean contains(ShardId shard) {
    AtomicLongArray b = bits.get(shard.group());
    return b != null
        && shard.id() < shardsPerGroup
        && (b.get(shard.id() >>> 6) & (1L << (shard.id() & 63))) != 0;
  }

  void mark(ShardId shard, boolean served) {
    AtomicLongArray b = bits.get(shard.group());
    if (b == null) {
      return;
    }
    long mask = 1L << (shard.id() & 63);
    b.getAndUpdate(shard.id() >>> 6, w -> served ? w | mask : w & ~mask);
  }
}
