package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Durable timers of workflow executions. Timers are added through {@link Storage#commit(Commit)}
 * (together with the journal step that sets them) and stay until deleted, also when they are due.
 * Thread-safe; every method blocks until the store answers.
 */
public interface TimerStore {

  /**
   * Timers of these shards that are due ({@code wakeAt <= now}), earliest first, at most {@code
   * limit}. Blocks; changes nothing.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<TimerRecord> due(Collection<ShardId> shards, Instant now, int limit);

  /** The timers of this entity, due or not, earliest first. Blocks; changes nothing. */
  List<TimerRecord> forEntity(EntityAddress address);

  /** Deletes a timer; nothing happens if it is unknown. Blocks until durable. */
  void delete(String timerId);
}
