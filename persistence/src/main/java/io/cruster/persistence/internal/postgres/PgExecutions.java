package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.internal.ExecutionListeners;
import io.cruster.persistence.internal.Fencing;
import io.cruster.persistence.internal.StartChecks;
import io.cruster.persistence.spi.CancelRequest;
import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.ExecutionStore;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.LoadedExecution;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.SaveOutcome;
import io.cruster.persistence.spi.StepKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ExecutionStore} on cruster_executions. Starts go through group commit with the saves of
 * requests ({@link SaveWriter#INSERT_WITH_EXECUTIONS}); every other write is one autocommit
 * statement whose data-modifying CTEs touch the request, the timer or the deferred it belongs with,
 * and send the NOTIFY ({@link PgNotifications}) in the same transaction. Thread-safe.
 */
final class PgExecutions implements ExecutionStore {
  static final String COLUMNS =
      "execution_id, entity_type, entity_id, shard_group, shard_id, tag, status, started_at, "
          + "ended_at, failure, cancel_reason, cancel_at, restarted_from";

  static final String FIND =
      "SELECT "
          + COLUMNS
          + ", reply_failure, reply_payload FROM cruster_executions WHERE execution_id = ?";

  static final String FIND_ALL =
      "SELECT " + COLUMNS + " FROM cruster_executions WHERE execution_id = ANY(?::text[])";

  static final String INPUT = "SELECT input FROM cruster_executions WHERE execution_id = ?";

  /** The journal and the cancel request of one execution in one statement (a row per step). */
  static final String LOAD =
      """
      SELECT e.cancel_reason, e.cancel_at, j.step, j.kind, j.tag, j.result, j.failed, j.recorded_at
      FROM (SELECT ?::text AS id) q
      LEFT JOIN cruster_executions e ON e.execution_id = q.id
      LEFT JOIN cruster_journal j ON j.execution_id = q.id
      ORDER BY j.step""";

  /** Reads a deferred slot; while it is empty, marks the execution AWAITING. */
  static final String AWAIT_DEFERRED =
      """
      WITH slot AS (
        SELECT value FROM cruster_deferreds WHERE entity_type = ? AND entity_id = ? AND name = ?),
      marked AS (
        UPDATE cruster_executions SET status = 'AWAITING'
        WHERE execution_id = ? AND status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM slot))
      SELECT value FROM slot""";

  /**
   * {@link #AWAIT_DEFERRED} fenced: the execution is marked only when the shard is at the token's
   * epoch; always one row, the slot's value (or null) and the shard's current epoch. Parameters:
   * shard group, shard id, then those of {@link #AWAIT_DEFERRED}, then the epoch.
   */
  static final String AWAIT_DEFERRED_FENCED =
      FinishWriter.FENCE
          + AWAIT_DEFERRED
              .replaceFirst("^WITH slot AS \\(", "slot AS (")
              .replace(
                  "NOT EXISTS (SELECT 1 FROM slot))",
                  "NOT EXISTS (SELECT 1 FROM slot)\n    AND (SELECT epoch FROM fence) = ?)")
              .replace(
                  "SELECT value FROM slot",
                  "SELECT s.value, f.epoch FROM fence f LEFT JOIN slot s ON true");

  /** Records a cancel request of a live execution that has none yet, and notifies. */
  static final String REQUEST_CANCEL =
      """
      WITH c AS (
        UPDATE cruster_executions SET cancel_reason = ?, cancel_at = ?
        WHERE execution_id = ? AND cancel_reason IS NULL
          AND status IN ('RUNNING', 'SLEEPING', 'AWAITING')
        RETURNING execution_id),
      told AS (SELECT pg_notify(?, 'c:' || execution_id) FROM c)
      SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM told)""";

  /**
   * Finished executions that ended before the cutoff (per final status, oldest start first, from
   * cruster_executions_by_status), locked, deleted with their journals and requests.
   */
  static final String PURGE =
      """
      WITH candidates AS (
        SELECT c.execution_id FROM unnest(ARRAY['COMPLETED', 'FAILED', 'CANCELLED']) AS s(status)
        CROSS JOIN LATERAL (
          SELECT x.execution_id, x.started_at FROM cruster_executions x
          WHERE x.status = s.status AND x.started_at < ? AND x.ended_at < ?
          ORDER BY x.started_at, x.execution_id
          LIMIT ?) c
        ORDER BY c.started_at, c.execution_id
        LIMIT ?),
      doomed AS (
        SELECT x.execution_id FROM cruster_executions x JOIN candidates c USING (execution_id)
        FOR UPDATE OF x SKIP LOCKED),
      gone AS (
        DELETE FROM cruster_executions x USING doomed d WHERE x.execution_id = d.execution_id
        RETURNING x.execution_id),
      journals AS (
        DELETE FROM cruster_journal j USING gone g WHERE j.execution_id = g.execution_id),
      requests AS (
        DELETE FROM cruster_requests r USING gone g WHERE r.request_id = g.execution_id)
      SELECT execution_id FROM gone""";

  private final Db db;
  private final GroupCommitter committer;
  private final String channel;
  private final PgNotifications notifications;

  PgExecutions(Db db, GroupCommitter committer, String channel, PgNotifications notifications) {
    this.db = db;
    this.committer = committer;
    this.channel = channel;
    this.notifications = notifications;
  }

  @Override
  public SaveOutcome start(
      RequestRecord request, Optional<String> restartedFrom, List<JournalEntry> journal) {
    List<JournalEntry> entries = StartChecks.checked(request, restartedFrom, journal);
    db.ensureOpen();
    return (SaveOutcome)
        committer.submit(
            new Write.Save(request, Optional.of(new Write.Execution(restartedFrom, entries))));
  }

  @Override
  public LoadedExecution load(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return db.call(
        "read of cruster_journal and cruster_executions for execution",
        executionId,
        c -> {
          try (PreparedStatement select = c.prepareStatement(LOAD)) {
            select.setString(1, executionId);
            List<JournalEntry> entries = new ArrayList<>();
            Optional<CancelRequest> cancel = Optional.empty();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                String reason = rows.getString("cancel_reason");
                if (reason != null) {
                  cancel = Optional.of(new CancelRequest(reason, Rows.instant(rows, "cancel_at")));
                }
                int step = rows.getInt("step");
                if (!rows.wasNull()) {
                  entries.add(
                      new JournalEntry(
                          executionId,
                          step,
                          kind(rows.getString("kind"), executionId, step),
                          rows.getString("tag"),
                          rows.getBytes("result"),
                          rows.getBoolean("failed"),
                          Rows.instant(rows, "recorded_at")));
                }
              }
            }
            return new LoadedExecution(entries, cancel);
          }
        });
  }

  private static StepKind kind(String kind, String executionId, int step) {
    try {
      return StepKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "cruster_journal holds unknown step kind '"
              + kind
              + "' for step "
              + step
              + " of execution "
              + executionId,
          e);
    }
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return db.call(
        "read of cruster_executions for execution",
        executionId,
        c -> {
          try (PreparedStatement select = c.prepareStatement(FIND)) {
            select.setString(1, executionId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(record(row, true)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<ExecutionRecord> findAll(Collection<String> executionIds) {
    List<String> ids = List.copyOf(executionIds);
    db.ensureOpen();
    if (ids.isEmpty()) {
      return List.of();
    }
    return db.call(
        "read of cruster_executions for executions",
        Db.describe(ids, "executions"),
        c -> {
          try (PreparedStatement select = c.prepareStatement(FIND_ALL)) {
            select.setArray(1, SqlArrays.text(c, ids, id -> id));
            return records(select);
          }
        });
  }

  @Override
  public List<ExecutionRecord> list(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    ExecutionListing listing = ExecutionListing.of(query);
    return db.call(
        "listing of cruster_executions for",
        query,
        c -> {
          try (PreparedStatement select = c.prepareStatement(listing.sql())) {
            listing.bind(c, select);
            return records(select);
          }
        });
  }

  @Override
  public Optional<byte[]> input(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return db.call(
        "read of the input in cruster_executions of execution",
        executionId,
        c -> {
          try (PreparedStatement select = c.prepareStatement(INPUT)) {
            select.setString(1, executionId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<byte[]> awaitDeferred(
      String executionId, EntityAddress address, String name, Optional<FencingToken> fence) {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fence, "fence");
    return db.call(
        "await of a deferred in cruster_deferreds by execution",
        executionId,
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(fence.isPresent() ? AWAIT_DEFERRED_FENCED : AWAIT_DEFERRED)) {
            int i = 0;
            if (fence.isPresent()) {
              select.setString(++i, fence.get().shard().group());
              select.setInt(++i, fence.get().shard().id());
            }
            select.setString(++i, address.entityType());
            select.setString(++i, address.entityId());
            select.setString(++i, name);
            select.setString(++i, executionId);
            if (fence.isPresent()) {
              select.setLong(++i, fence.get().epoch());
            }
            try (ResultSet row = select.executeQuery()) {
              if (!fence.isPresent()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
              }
              row.next(); // always one row: the slot's value (or null) and the shard's epoch
              long current = row.getLong(2);
              if (current != fence.get().epoch()) {
                throw Fencing.refused(
                    fence.get(), current, "await of deferred " + name + " by " + executionId);
              }
              return Optional.ofNullable(row.getBytes(1));
            }
          }
        });
  }

  /** {@inheritDoc} Shares a transaction with concurrent commits and saves (group commit). */
  @Override
  public boolean finish(
      ReplyRecord reply,
      ExecutionStatus status,
      Optional<String> failure,
      Optional<FencingToken> fence) {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(fence, "fence");
    if (!status.isFinished()) {
      throw new IllegalArgumentException(
          "finish needs COMPLETED, FAILED or CANCELLED, got "
              + status
              + " for execution "
              + reply.requestId());
    }
    db.ensureOpen();
    return (Boolean) committer.submit(new Write.Finish(reply, status, failure, fence, channel));
  }

  @Override
  public boolean requestCancel(String executionId, String reason, Instant at) {
    CancelRequest cancel = new CancelRequest(reason, at);
    Objects.requireNonNull(executionId, "executionId");
    return db.call(
        "cancel request in cruster_executions of execution",
        executionId,
        c -> {
          try (PreparedStatement update = c.prepareStatement(REQUEST_CANCEL)) {
            update.setString(1, Rows.text(cancel.reason()));
            Rows.setInstant(update, 2, cancel.at());
            update.setString(3, executionId);
            update.setString(4, channel);
            try (ResultSet row = update.executeQuery()) {
              return row.next() && row.getLong(1) == 1;
            }
          }
        });
  }

  @Override
  public List<String> purge(Instant endedBefore, int limit) {
    Objects.requireNonNull(endedBefore, "endedBefore");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    db.ensureOpen();
    if (limit == 0) {
      return List.of();
    }
    return db.call(
        "purge of cruster_executions ended before",
        endedBefore,
        c -> {
          try (PreparedStatement purge = c.prepareStatement(PURGE)) {
            Rows.setInstant(purge, 1, endedBefore);
            Rows.setInstant(purge, 2, endedBefore);
            purge.setInt(3, limit);
            purge.setInt(4, limit);
            List<String> purged = new ArrayList<>();
            try (ResultSet rows = purge.executeQuery()) {
              while (rows.next()) {
                purged.add(rows.getString(1));
              }
            }
            return List.copyOf(purged);
          }
        });
  }

  @Override
  public Subscription subscribe(ExecutionListener listener) {
    return notifications.subscribe(listener);
  }

  /** The listeners of this storage (for tests). */
  ExecutionListeners listeners() {
    return notifications.listeners();
  }

  private static List<ExecutionRecord> records(PreparedStatement select) throws SQLException {
    List<ExecutionRecord> records = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        records.add(record(rows, false));
      }
    }
    return List.copyOf(records);
  }

  static ExecutionRecord record(ResultSet row, boolean withReply) throws SQLException {
    String id = row.getString("execution_id");
    ExecutionStatus status;
    try {
      status = ExecutionStatus.valueOf(row.getString("status"));
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "cruster_executions holds unknown status '"
              + row.getString("status")
              + "' for execution "
              + id,
          e);
    }
    Optional<Instant> endedAt =
        row.getObject("ended_at") == null
            ? Optional.empty()
            : Optional.of(Rows.instant(row, "ended_at"));
    Optional<ReplyRecord> reply = Optional.empty();
    if (withReply) {
      byte[] payload = row.getBytes("reply_payload");
      if (payload != null && endedAt.isPresent()) {
        reply =
            Optional.of(
                new ReplyRecord(id, row.getBoolean("reply_failure"), payload, endedAt.get()));
      }
    }
    return new ExecutionRecord(
        id,
        new EntityAddress(row.getString("entity_type"), row.getString("entity_id")),
        new ShardId(row.getString("shard_group"), row.getInt("shard_id")),
        row.getString("tag"),
        status,
        Rows.instant(row, "started_at"),
        endedAt,
        Optional.ofNullable(row.getString("failure")),
        cancel(row),
        Optional.ofNullable(row.getString("restarted_from")),
        reply);
  }

  private static Optional<CancelRequest> cancel(ResultSet row) throws SQLException {
    String reason = row.getString("cancel_reason");
    return reason == null
        ? Optional.empty()
        : Optional.of(new CancelRequest(reason, Rows.instant(row, "cancel_at")));
  }
}
