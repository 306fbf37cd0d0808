package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.FencedException;
import io.cruster.persistence.internal.Fencing;
import io.cruster.persistence.spi.ExecutionStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The end of a workflow execution ({@link Write.Finish}): its request takes the reply, its record
 * copies it and ends, and the execution events channel is told, so joiners anywhere wake up.
 * Written alone by {@link #write} (one statement, fenced when the write carries a token) or,
 * several at once, as the {@link #PARTS} of a {@link OneStatement}. Stateless.
 */
final class FinishWriter {
  private FinishWriter() {}

  /**
   * The current epoch of a shard (0 when it has none), read with a share lock held to the end of
   * the statement's transaction, as a commit's fencing check does: a new epoch of the shard waits
   * until the fenced write is done. Parameters: shard group, shard id.
   */
  static final String FENCE =
      """
      WITH fence AS (
        SELECT COALESCE((SELECT epoch FROM cruster_shard_epochs
                         WHERE shard_group = ? AND shard_id = ? FOR SHARE), 0) AS epoch),
      """;

  /**
   * Ends a request and its execution together (the record copies the reply) and notifies the
   * listeners. The record follows its request: ended only when the request takes this reply.
   * Parameters: request status, reply failure, payload, time, request id, execution status, failure
   * text, channel.
   */
  static final String FINISH =
      """
      WITH r AS (
        UPDATE cruster_requests SET status = ?, reply_failure = ?, reply_payload = ?, reply_at = ?
        WHERE request_id = ? AND status IN ('PENDING', 'DEAD_LETTER')
        RETURNING request_id, reply_failure, reply_payload, reply_at),
      ended AS (
        UPDATE cruster_executions x SET status = ?, ended_at = r.reply_at, failure = ?,
          reply_failure = r.reply_failure, reply_payload = r.reply_payload
        FROM r
        WHERE x.execution_id = r.request_id
          AND (x.status IN ('RUNNING', 'SLEEPING', 'AWAITING')
            OR (x.status = 'FAILED' AND x.reply_payload IS NULL))
        RETURNING x.execution_id),
      told AS (SELECT pg_notify(?, 'e:' || request_id) FROM r)
      SELECT (SELECT count(*) FROM r), (SELECT count(*) FROM ended), (SELECT count(*) FROM told)""";

  /**
   * {@link #FINISH} fenced: the request takes the reply only when the shard is at the token's
   * epoch; the fourth column is the shard's current epoch. Parameters: shard group, shard id, then
   * those of {@link #FINISH} with the epoch after the request id.
   */
  static final String FINISH_FENCED =
      FENCE
          + FINISH
              .replaceFirst("^WITH r AS \\(", "r AS (")
              .replace(
                  "AND status IN ('PENDING', 'DEAD_LETTER')\n",
                  "AND status IN ('PENDING', 'DEAD_LETTER') AND (SELECT epoch FROM fence) = ?\n")
              .replace(
                  "(SELECT count(*) FROM told)",
                  "(SELECT count(*) FROM told), (SELECT epoch FROM fence)");

  /**
   * {@link #FINISH} for several executions, as parts of a WITH query: {@code finished} returns the
   * ids of the requests that took their reply, and {@code finish_told} (which the query must read
   * for the notifications to be sent) one row per notification. Parameters (arrays, one element per
   * execution): request ids, request statuses, reply failures, payloads, times (text), then request
   * ids, execution statuses, failure texts, then the channel. Fencing is the query's: see {@link
   * OneStatement}.
   */
  static final String PARTS =
      """
      finished AS (
        UPDATE cruster_requests r SET status = v.request_status, reply_failure = v.reply_failure,
          reply_payload = v.payload, reply_at = v.at::timestamptz
        FROM unnest(?::text[], ?::text[], ?::boolean[], ?::bytea[], ?::text[])
          AS v(request_id, request_status, reply_failure, payload, at)
        WHERE r.request_id = v.request_id AND r.status IN ('PENDING', 'DEAD_LETTER')
        RETURNING r.request_id, r.reply_failure, r.reply_payload, r.reply_at),
      finished_executions AS (
        UPDATE cruster_executions x SET status = v.status, ended_at = f.reply_at, failure = v.failure,
          reply_failure = f.reply_failure, reply_payload = f.reply_payload
        FROM finished f
        JOIN unnest(?::text[], ?::text[], ?::text[]) AS v(execution_id, status, failure)
          ON v.execution_id = f.request_id
        WHERE x.execution_id = f.request_id
          AND (x.status IN ('RUNNING', 'SLEEPING', 'AWAITING')
            OR (x.status = 'FAILED' AND x.reply_payload IS NULL))),
      finish_told AS (SELECT pg_notify(?, 'e:' || request_id) FROM finished)""";

  /** What one finish written alone came to. */
  record Outcome(boolean ended, Optional<FencedException> refused) {}

  /** The request's status once it takes the reply: FAILED for a failed execution, else DONE. */
  static String requestStatus(Write.Finish finish) {
    return finish.status() == ExecutionStatus.FAILED ? "FAILED" : "DONE";
  }

  /** The failure text the record keeps: none for a completed execution. */
  static String failureText(Write.Finish finish) {
    return finish.status() == ExecutionStatus.COMPLETED
        ? null
        : finish.failure().map(Rows::text).orElse(null);
  }

  /** Writes {@code finish} in {@code tx}; refused (nothing written) when its shard moved on. */
  static Outcome write(Tx tx, Write.Finish finish) throws SQLException {
    boolean fenced = finish.fence().isPresent();
    try (PreparedStatement update =
        tx.prepare(
            "end of execution in cruster_requests and cruster_executions",
            fenced ? FINISH_FENCED : FINISH)) {
      int i = 0;
      if (fenced) {
        update.setString(++i, finish.fence().get().shard().group());
        update.setInt(++i, finish.fence().get().shard().id());
      }
      update.setString(++i, requestStatus(finish));
      update.setBoolean(++i, finish.reply().failure());
      update.setBytes(++i, finish.reply().payload());
      Rows.setInstant(update, ++i, finish.reply().at());
      update.setString(++i, finish.reply().requestId());
      if (fenced) {
        update.setLong(++i, finish.fence().get().epoch());
      }
      update.setString(++i, finish.status().name());
      update.setString(++i, failureText(finish));
      update.setString(++i, finish.channel());
      try (ResultSet row = update.executeQuery()) {
        row.next();
        if (fenced && row.getLong(4) != finish.fence().get().epoch()) {
          return new Outcome(
              false,
              Optional.of(
                  Fencing.refused(
                      finish.fence().get(),
                      row.getLong(4),
                      "end of execution " + finish.reply().requestId())));
        }
        return new Outcome(row.getLong(1) == 1, Optional.empty());
      }
    }
  }
}
