package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.TimerRecord;
import io.cruster.persistence.spi.TimerStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@link TimerStore} on cruster_timers; timers are added only by {@link CommitWriter}. Thread-safe.
 */
final class PgTimers implements TimerStore {
  /** Per shard, the first {@code limit} due timers from cruster_timers_due, then merged. */
  static final String DUE =
      """
      SELECT t.* FROM unnest(?::text[], ?::int[]) AS s(shard_group, shard_id)
      CROSS JOIN LATERAL (
        SELECT %s FROM cruster_timers t
        WHERE t.shard_group = s.shard_group AND t.shard_id = s.shard_id AND t.wake_at <= ?
        ORDER BY t.wake_at, t.timer_id
        LIMIT ?) t
      ORDER BY t.wake_at, t.timer_id
      LIMIT ?"""
          .formatted(Rows.TIMER_COLUMNS);

  static final String FOR_ENTITY =
      "SELECT "
          + Rows.TIMER_COLUMNS
          + " FROM cruster_timers WHERE entity_type = ? AND entity_id = ? ORDER BY wake_at, timer_id";
  private static final String DELETE = "DELETE FROM cruster_timers WHERE timer_id = ?";

  private final Db db;

  PgTimers(Db db) {
    this.db = db;
  }

  @Override
  public List<TimerRecord> due(Collection<ShardId> shards, Instant now, int limit) {
    List<ShardId> distinct =
        List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(shards, "shards")));
    Objects.requireNonNull(now, "now");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    db.ensureOpen();
    if (distinct.isEmpty() || limit == 0) {
      return List.of();
    }
    return db.call(
        "poll of due timers in cruster_timers for shards",
        Db.describe(distinct, "shards"),
        c -> {
          try (PreparedStatement select = c.prepareStatement(DUE)) {
            select.setArray(1, SqlArrays.text(c, distinct, ShardId::group));
            select.setArray(2, SqlArrays.ints(c, distinct, ShardId::id));
            Rows.setInstant(select, 3, now);
            select.setInt(4, limit);
            select.setInt(5, limit);
            return timers(select);
          }
        });
  }

  @Override
  public List<TimerRecord> forEntity(EntityAddress address) {
    Objects.requireNonNull(address, "address");
    return db.call(
        "read of cruster_timers for",
        address,
        c -> {
          try (PreparedStatement select = c.prepareStatement(FOR_ENTITY)) {
            select.setString(1, address.entityType());
            select.setString(2, address.entityId());
            return timers(select);
          }
        });
  }

  @Override
  public void delete(String timerId) {
    Objects.requireNonNull(timerId, "timerId");
    db.call(
        "delete from cruster_timers of timer",
        timerId,
        c -> {
          try (PreparedStatement delete = c.prepareStatement(DELETE)) {
            delete.setString(1, timerId);
            return delete.executeUpdate();
          }
        });
  }

  private static List<TimerRecord> timers(PreparedStatement select) throws SQLException {
    List<TimerRecord> timers = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        timers.add(Rows.timer(rows));
      }
    }
    return List.copyOf(timers);
  }
}
