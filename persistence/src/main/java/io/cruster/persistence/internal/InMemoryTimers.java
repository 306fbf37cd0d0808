package io.cruster.persistence.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.TimerRecord;
import io.cruster.persistence.spi.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Durable timers by id, indexed by shard and by entity in (wakeAt, timerId) order so {@code due}
 * reads only the head of each shard. Guarded by the storage's lock; timers are added only by a
 * commit.
 */
final class InMemoryTimers implements TimerStore {
  private record Key(Instant wakeAt, String timerId) implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::wakeAt).thenComparing(Key::timerId);

    static Key of(TimerRecord timer) {
      return new Key(timer.wakeAt(), timer.timerId());
    }

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  private final Guard guard;
  private final Map<String, TimerRecord> byId = new HashMap<>();
  private final Map<ShardId, TreeMap<Key, TimerRecord>> byShard = new HashMap<>();
  private final Map<EntityAddress, TreeMap<Key, TimerRecord>> byEntity = new HashMap<>();

  InMemoryTimers(Guard guard) {
    this.guard = guard;
  }

  @Override
  public List<TimerRecord> due(Collection<ShardId> shards, Instant now, int limit) {
    List<ShardId> distinct =
        List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(shards, "shards")));
    Objects.requireNonNull(now, "now");
    Guard.requireLimit(limit);
    return guard.call(
        () -> {
          List<TimerRecord> due = new ArrayList<>();
          for (ShardId shard : distinct) {
            TreeMap<Key, TimerRecord> timers = byShard.getOrDefault(shard, new TreeMap<>());
            timers.values().stream()
                .takeWhile(t -> !t.wakeAt().isAfter(now))
                .limit(limit)
                .forEach(due::add);
          }
          due.sort(Comparator.comparing(Key::of));
          return List.copyOf(due.subList(0, Math.min(limit, due.size())));
        });
  }

  @Override
  public List<TimerRecord> forEntity(EntityAddress address) {
    Objects.requireNonNull(address, "address");
    return guard.call(() -> List.copyOf(byEntity.getOrDefault(address, new TreeMap<>()).values()));
  }

  @Override
  public void delete(String timerId) {
    Objects.requireNonNull(timerId, "timerId");
    guard.run(() -> remove(timerId));
  }

  /** Adds a timer of a commit, replacing the one with the same id. */
  void put(TimerRecord timer) {
    remove(timer.timerId());
    byId.put(timer.timerId(), timer);
    byShard.computeIfAbsent(timer.shard(), s -> new TreeMap<>()).put(Key.of(timer), timer);
    byEntity.computeIfAbsent(timer.address(), a -> new TreeMap<>()).put(Key.of(timer), timer);
  }

  private void remove(String timerId) {
    TimerRecord old = byId.remove(timerId);
    if (old != null) {
      removeFrom(byShard, old.shard(), Key.of(old));
      removeFrom(byEntity, old.address(), Key.of(old));
    }
  }

  private static <K> void removeFrom(Map<K, TreeMap<Key, TimerRecord>> index, K indexKey, Key key) {
    TreeMap<Key, TimerRecord> timers = index.get(indexKey);
    timers.remove(key);
    if (timers.isEmpty()) {
      index.remove(indexKey);
    }
  }
}
