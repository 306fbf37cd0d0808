package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The owner of every shard by the runner set last seen, per group: computed by {@link Rendezvous}
 * the first time a group is asked for, dropped on every change of the runner set. Thread-safe; a
 * lookup is a map read and an array read.
 */
final class Assignment {
  private final int shardsPerGroup;
  private volatile Map<String, String[]> owners = new ConcurrentHashMap<>();

  Assignment(int shardsPerGroup) {
    this.shardsPerGroup = shardsPerGroup;
  }

  /** Forgets every group's owners: the runner set changed. */
  void reset() {
    owners = new ConcurrentHashMap<>();
  }

  /**
   * The owner's address of each shard of {@code group} (null for a shard without owner), computed
   * from {@code runnersServing} if not known yet; an empty array, not remembered, when {@code
   * runnersServing} is null (this runner is joining and knows nobody).
   */
  String[] of(String group, Function<String, Set<RunnerId>> runnersServing) {
    Map<String, String[]> cache = owners;
    String[] byShard = cache.get(group);
    if (byShard != null) {
      return byShard;
    }
    if (runnersServing == null) {
      return new String[0];
    }
    String[] filled = new String[shardsPerGroup];
    List<ShardId> shards = new ArrayList<>(shardsPerGroup);
    for (int i = 0; i < shardsPerGroup; i++) {
      shards.add(new ShardId(group, i));
    }
    Rendezvous.assign(shards, runnersServing.apply(group))
        .forEach((shard, owner) -> filled[shard.id()] = owner.address());
    String[] raced = cache.putIfAbsent(group, filled);
    return raced != null ? raced : filled;
  }
}
