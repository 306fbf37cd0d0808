package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.TimerRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the unchecked parts of a {@link CommitPlan}: replies (first wins: only a request without a
 * reply takes one; unknown requests match no row), deferred slots and timers. These never conflict,
 * so they run after the checks. One multi-row statement per non-empty part. Stateless.
 */
final class OutcomeWriter {
  static final String REPLIES =
      """
      UPDATE cruster_requests r SET status = 'DONE', reply_failure = v.failure, reply_payload = v.payload,
        reply_at = v.at::timestamptz
      FROM unnest(?::text[], ?::boolean[], ?::bytea[], ?::text[]) AS v(request_id, failure, payload, at)
      WHERE r.request_id = v.request_id AND r.status IN ('PENDING', 'DEAD_LETTER')""";

  /** Like {@code MessageStorage.fail}: a request without a reply becomes FAILED with this one. */
  static final String FAILURES =
      """
      UPDATE cruster_requests r SET status = 'FAILED', reply_failure = true, reply_payload = v.payload,
        reply_at = v.at::timestamptz
      FROM unnest(?::text[], ?::bytea[], ?::text[]) AS v(request_id, payload, at)
      WHERE r.request_id = v.request_id AND r.status IN ('PENDING', 'DEAD_LETTER')""";

  static final String RESOLVE_DEFERREDS =
      """
      INSERT INTO cruster_deferreds (entity_type, entity_id, name, value)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[])
      ON CONFLICT DO NOTHING""";

  static final String OVERWRITE_DEFERREDS =
      """
      INSERT INTO cruster_deferreds (entity_type, entity_id, name, value)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[])
      ON CONFLICT (entity_type, entity_id, name) DO UPDATE SET value = EXCLUDED.value, resolved_at = now()""";

  static final String CLEAR_DEFERREDS =
      """
      DELETE FROM cruster_deferreds d
      USING unnest(?::text[], ?::text[], ?::text[]) AS v(entity_type, entity_id, name)
      WHERE d.entity_type = v.entity_type AND d.entity_id = v.entity_id AND d.name = v.name""";

  static final String PUT_TIMERS =
      """
      INSERT INTO cruster_timers (timer_id, entity_type, entity_id, shard_group, shard_id, execution_id, step,
        wake_at)
      SELECT v.timer_id, v.entity_type, v.entity_id, v.shard_group, v.shard_id, v.execution_id, v.step,
        v.wake_at::timestamptz
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[])
        AS v(timer_id, entity_type, entity_id, shard_group, shard_id, execution_id, step, wake_at)
      ON CONFLICT (timer_id) DO UPDATE SET entity_type = EXCLUDED.entity_type,
        entity_id = EXCLUDED.entity_id, shard_group = EXCLUDED.shard_group, shard_id = EXCLUDED.shard_id,
        execution_id = EXCLUDED.execution_id, step = EXCLUDED.step, wake_at = EXCLUDED.wake_at""";

  static final String DELETE_TIMERS = "DELETE FROM cruster_timers WHERE timer_id = ANY(?::text[])";

  private OutcomeWriter() {}

  static void write(Tx tx, CommitPlan plan) throws SQLException {
    Connection c = tx.connection;
    if (!plan.replies.isEmpty()) {
      List<ReplyRecord> replies = plan.replies;
      try (PreparedStatement update =
          tx.prepare("storing replies into cruster_requests", REPLIES)) {
        update.setArray(1, SqlArrays.text(c, replies, ReplyRecord::requestId));
        update.setArray(2, SqlArrays.bools(c, replies, ReplyRecord::failure));
        update.setArray(3, SqlArrays.bytes(c, replies, ReplyRecord::payload));
        update.setArray(4, SqlArrays.times(c, replies, ReplyRecord::at));
        update.executeUpdate();
      }
    }
    if (!plan.failures.isEmpty()) {
      List<ReplyRecord> failures = plan.failures;
      try (PreparedStatement update =
          tx.prepare("storing failures into cruster_requests", FAILURES)) {
        update.setArray(1, SqlArrays.text(c, failures, ReplyRecord::requestId));
        update.setArray(2, SqlArrays.bytes(c, failures, ReplyRecord::payload));
        update.setArray(3, SqlArrays.times(c, failures, ReplyRecord::at));
        update.executeUpdate();
      }
    }
    resolve(tx, "resolve in cruster_deferreds", RESOLVE_DEFERREDS, plan.resolves);
    resolve(tx, "overwrite in cruster_deferreds", OVERWRITE_DEFERREDS, plan.overwrites);
    if (!plan.clears.isEmpty()) {
      List<CommitPlan.Slot> slots = plan.clears;
      try (PreparedStatement delete = tx.prepare("clear in cruster_deferreds", CLEAR_DEFERREDS)) {
        delete.setArray(1, SqlArrays.text(c, slots, s -> s.address().entityType()));
        delete.setArray(2, SqlArrays.text(c, slots, s -> s.address().entityId()));
        delete.setArray(3, SqlArrays.text(c, slots, CommitPlan.Slot::name));
        delete.executeUpdate();
      }
    }
    if (!plan.timerPuts.isEmpty()) {
      List<TimerRecord> timers = plan.timerPuts;
      try (PreparedStatement upsert = tx.prepare("insert into cruster_timers", PUT_TIMERS)) {
        upsert.setArray(1, SqlArrays.text(c, timers, TimerRecord::timerId));
        upsert.setArray(2, SqlArrays.text(c, timers, t -> t.address().entityType()));
        upsert.setArray(3, SqlArrays.text(c, timers, t -> t.address().entityId()));
        upsert.setArray(4, SqlArrays.text(c, timers, t -> t.shard().group()));
        upsert.setArray(5, SqlArrays.ints(c, timers, t -> t.shard().id()));
        upsert.setArray(6, SqlArrays.text(c, timers, TimerRecord::executionId));
        upsert.setArray(7, SqlArrays.ints(c, timers, TimerRecord::step));
        upsert.setArray(8, SqlArrays.times(c, timers, TimerRecord::wakeAt));
        upsert.executeUpdate();
      }
    }
    if (!plan.timerDeletes.isEmpty()) {
      try (PreparedStatement delete = tx.prepare("delete from cruster_timers", DELETE_TIMERS)) {
        delete.setArray(1, SqlArrays.text(c, plan.timerDeletes, id -> id));
        delete.executeUpdate();
      }
    }
  }

  private static void resolve(Tx tx, String step, String sql, List<DeferredWrite> writes)
      throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    Connection c = tx.connection;
    try (PreparedStatement insert = tx.prepare(step, sql)) {
      insert.setArray(1, SqlArrays.text(c, writes, w -> w.address().entityType()));
      insert.setArray(2, SqlArrays.text(c, writes, w -> w.address().entityId()));
      insert.setArray(3, SqlArrays.text(c, writes, DeferredWrite::name));
      insert.setArray(4, SqlArrays.bytes(c, writes, w -> w.value().orElseThrow()));
      insert.executeUpdate();
    }
  }
}
