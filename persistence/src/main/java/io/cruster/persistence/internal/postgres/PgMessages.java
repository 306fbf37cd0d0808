package io.cruster.persistence.internal.postgres;

import io.cruster.actors.ShardId;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.internal.Fencing;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.MessageStorage;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.SaveOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MessageStorage} on cruster_requests. Saves go through group commit (many share one
 * transaction); every other method is one autocommit statement (two when the first finds nothing to
 * change and must tell why), so each is atomic on its own; a fenced failure count is one
 * transaction of its own (the epoch check, then the count). Thread-safe: no state besides the
 * shared {@link Db}.
 */
final class PgMessages implements MessageStorage {
  static final String FIND =
      "SELECT " + Rows.REQUEST_COLUMNS + " FROM cruster_requests WHERE request_id = ?";

  /**
   * The due PENDING requests of the given shards in delivery order. Per shard, the partial index
   * cruster_requests_pending gives the first {@code limit} in order (a bounded index range scan,
   * whatever the backlog of other shards); the merged candidates are then locked FOR UPDATE SKIP
   * LOCKED, so a request whose reply or failure another transaction is writing right now is
   * skipped, not returned stale (and status is re-checked on the newest row version). The lock ends
   * with the statement: nothing changes.
   */
  static final String PENDING =
      """
      WITH candidates AS (
        SELECT c.request_id, c.deliver_at, c.created_at, c.seq
        FROM unnest(?::text[], ?::int[]) AS s(shard_group, shard_id)
        CROSS JOIN LATERAL (
          SELECT r.request_id, r.deliver_at, r.created_at, r.seq
          FROM cruster_requests r
          WHERE r.shard_group = s.shard_group AND r.shard_id = s.shard_id
            AND r.status = 'PENDING' AND r.deliver_at <= ?
          ORDER BY r.deliver_at, r.created_at, r.seq
          LIMIT ?) c
        ORDER BY c.deliver_at, c.created_at, c.seq
        LIMIT ?)
      SELECT r.* FROM cruster_requests r JOIN candidates c ON r.request_id = c.request_id
      WHERE r.status = 'PENDING'
      ORDER BY c.deliver_at, c.created_at, c.seq
      FOR UPDATE OF r SKIP LOCKED""";

  static final String DEAD_LETTERS =
      "SELECT "
          + Rows.REQUEST_COLUMNS
          + " FROM cruster_requests WHERE status = 'DEAD_LETTER' ORDER BY created_at, seq LIMIT ?";

  private static final String COMPLETE =
      "UPDATE cruster_requests SET status = 'DONE', reply_failure = ?, "
          + "reply_payload = ?, reply_at = ? WHERE request_id = ? AND status IN ('PENDING', 'DEAD_LETTER')";
  private static final String REPLY_OF =
      "SELECT reply_failure, reply_payload, reply_at FROM cruster_requests WHERE request_id = ?";

  /**
   * Counts a failed delivery; a request dead-lettered by it ends the execution it started (if any)
   * FAILED in the same statement, and its listeners are told (the channel is the last parameter).
   */
  static final String RECORD_FAILURE =
      """
      WITH u AS (
        UPDATE cruster_requests SET failures = failures + 1, last_error = ?,
          status = CASE WHEN failures + 1 >= ? THEN 'DEAD_LETTER' ELSE 'PENDING' END
        WHERE request_id = ? AND status = 'PENDING'
        RETURNING %s),
      ended AS (
        UPDATE cruster_executions x SET status = 'FAILED', ended_at = now(),
          failure = 'dead-lettered after ' || u.failures || ' failed deliveries; last error: ' || u.last_error
        FROM u
        WHERE u.status = 'DEAD_LETTER' AND x.execution_id = u.request_id
          AND x.status IN ('RUNNING', 'SLEEPING', 'AWAITING')
        RETURNING x.execution_id),
      told AS (SELECT pg_notify(?, 'e:' || execution_id) FROM ended)
      SELECT u.*, (SELECT count(*) FROM told) AS told FROM u"""
          .formatted(Rows.REQUEST_COLUMNS);

  /**
   * Fails a request for good; the execution it started (if any) ends FAILED with a copy of the
   * reply in the same statement, and its listeners are told (the channel is the last parameter).
   */
  static final String FAIL =
      """
      WITH r AS (
        UPDATE cruster_requests SET status = 'FAILED', reply_failure = ?, reply_payload = ?, reply_at = ?
        WHERE request_id = ? AND status IN ('PENDING', 'DEAD_LETTER')
        RETURNING request_id, reply_failure, reply_payload, reply_at),
      ended AS (
        UPDATE cruster_executions x SET status = 'FAILED', ended_at = r.reply_at,
          failure = 'the request failed for good', reply_failure = r.reply_failure,
          reply_payload = r.reply_payload
        FROM r
        WHERE x.execution_id = r.request_id
          AND (x.status IN ('RUNNING', 'SLEEPING', 'AWAITING')
            OR (x.status = 'FAILED' AND x.reply_payload IS NULL))
        RETURNING x.execution_id),
      told AS (SELECT pg_notify(?, 'e:' || execution_id) FROM ended)
      SELECT (SELECT count(*) FROM r), (SELECT count(*) FROM told)""";

  private static final String SHARD_EPOCH =
      "SELECT epoch FROM cruster_shard_epochs WHERE shard_group = ? AND shard_id = ? FOR SHARE";

  private static final String EXISTS = "SELECT 1 FROM cruster_requests WHERE request_id = ?";

  /** Re-opens a request and, in the same statement, the execution it started (if any). */
  static final String REOPEN =
      """
      WITH r AS (
        UPDATE cruster_requests SET status = 'PENDING', failures = 0, last_error = NULL,
          reply_failure = NULL, reply_payload = NULL, reply_at = NULL
        WHERE request_id = ? AND status IN ('FAILED', 'DEAD_LETTER')
        RETURNING request_id),
      reopened AS (
        UPDATE cruster_executions x SET status = 'RUNNING', ended_at = NULL, failure = NULL,
          reply_failure = NULL, reply_payload = NULL
        FROM r WHERE x.execution_id = r.request_id)
      SELECT count(*) FROM r""";

  /**
   * DONE requests replied before the cutoff, oldest reply first, deleted; returns their ids in that
   * order.
   */
  static final String PURGE =
      """
      WITH doomed AS (
        SELECT request_id, reply_at, seq FROM cruster_requests
        WHERE status = 'DONE' AND reply_at < ?
        ORDER BY reply_at, seq
        LIMIT ?
        FOR UPDATE SKIP LOCKED),
      gone AS (
        DELETE FROM cruster_requests r USING doomed d WHERE r.request_id = d.request_id
        RETURNING r.request_id, d.reply_at, d.seq)
      SELECT request_id FROM gone ORDER BY reply_at, seq""";

  private final Db db;
  private final GroupCommitter committer;

  /** The NOTIFY channel of execution events ({@link PgNotifications}). */
  private final String channel;

  PgMessages(Db db, GroupCommitter committer, String channel) {
    this.db = db;
    this.committer = committer;
    this.channel = channel;
  }

  @Override
  public SaveOutcome save(RequestRecord request) {
    Objects.requireNonNull(request, "request");
    db.ensureOpen();
    return (SaveOutcome) committer.submit(new Write.Save(request));
  }

  @Override
  public Optional<RequestState> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return db.call("find of request", requestId, c -> find(c, requestId));
  }

  @Override
  public List<RequestState> pending(Collection<ShardId> shards, Instant now, int limit) {
    List<ShardId> distinct =
        List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(shards, "shards")));
    Objects.requireNonNull(now, "now");
    requireLimit(limit);
    db.ensureOpen();
    if (distinct.isEmpty() || limit == 0) {
      return List.of();
    }
    Object subject = Db.describe(distinct, "shards");
    return db.call(
        "poll of pending requests in cruster_requests for shards",
        subject,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(PENDING)) {
            statement.setArray(1, SqlArrays.text(c, distinct, ShardId::group));
            statement.setArray(2, SqlArrays.ints(c, distinct, ShardId::id));
            Rows.setInstant(statement, 3, now);
            statement.setInt(4, limit);
            statement.setInt(5, limit);
            return requests(statement);
          }
        });
  }

  @Override
  public boolean complete(ReplyRecord reply) {
    Objects.requireNonNull(reply, "reply");
    return db.call(
        "storing the reply into cruster_requests of request",
        reply.requestId(),
        c -> {
          try (PreparedStatement update = c.prepareStatement(COMPLETE)) {
            setReply(update, reply);
            if (update.executeUpdate() == 1) {
              return true;
            }
          }
          try (PreparedStatement select = c.prepareStatement(REPLY_OF)) {
            select.setString(1, reply.requestId());
            try (ResultSet row = select.executeQuery()) {
              return row.next()
                  && row.getBytes(2) != null
                  && row.getBoolean(1) == reply.failure()
                  && Arrays.equals(row.getBytes(2), reply.payload())
                  && Rows.instant(row, "reply_at")
                      .equals(reply.at().truncatedTo(ChronoUnit.MICROS));
            }
          }
        });
  }

  @Override
  public RequestState recordFailure(String requestId, String error, int maxRetries) {
    checkFailure(requestId, error, maxRetries);
    return db.call(
        "recording a failed delivery in cruster_requests of request",
        requestId,
        c -> recordFailure(c, requestId, error, maxRetries));
  }

  /**
   * {@inheritDoc} The shard's epoch row is read FOR SHARE in the same transaction, so a new epoch
   * waits until this count is committed, and a count after it is refused.
   */
  @Override
  public RequestState recordFailure(
      String requestId, String error, int maxRetries, FencingToken fence) {
    checkFailure(requestId, error, maxRetries);
    Objects.requireNonNull(fence, "fence");
    return db.transaction(
        "recording a failed delivery (fenced) in cruster_requests of request",
        requestId,
        c -> {
          long current = 0;
          try (PreparedStatement select = c.prepareStatement(SHARD_EPOCH)) {
            select.setString(1, fence.shard().group());
            select.setInt(2, fence.shard().id());
            try (ResultSet row = select.executeQuery()) {
              if (row.next()) {
                current = row.getLong(1);
              }
            }
          }
          if (current != fence.epoch()) {
            throw Fencing.refused(fence, current, "failure count of request " + requestId);
          }
          RequestState state = recordFailure(c, requestId, error, maxRetries);
          if (!state.request().shard().equals(fence.shard())) {
            throw Fencing.otherShard(fence, state.request()); // rolls the count back
          }
          return state;
        });
  }

  private static void checkFailure(String requestId, String error, int maxRetries) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(error, "error");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be >= 1, was " + maxRetries);
    }
  }

  private RequestState recordFailure(Connection c, String requestId, String error, int maxRetries)
      throws SQLException {
    try (PreparedStatement update = c.prepareStatement(RECORD_FAILURE)) {
      update.setString(1, error.replace('\0', '\uFFFD'));
      update.setInt(2, maxRetries);
      update.setString(3, requestId);
      update.setString(4, channel);
      List<RequestState> updated = requests(update);
      if (!updated.isEmpty()) {
        return updated.get(0);
      }
    }
    return find(c, requestId).orElseThrow(() -> unknown(requestId));
  }

  @Override
  public void fail(ReplyRecord failure) {
    Objects.requireNonNull(failure, "failure");
    if (!failure.failure()) {
      throw new IllegalArgumentException(
          "fail needs a failure reply, got a successful one for request " + failure.requestId());
    }
    db.call(
        "marking failed in cruster_requests the request",
        failure.requestId(),
        c -> {
          try (PreparedStatement update = c.prepareStatement(FAIL)) {
            setReply(update, failure);
            update.setString(5, channel);
            try (ResultSet row = update.executeQuery()) {
              if (row.next() && row.getLong(1) == 1) {
                return null;
              }
            }
          }
          try (PreparedStatement exists = c.prepareStatement(EXISTS)) {
            exists.setString(1, failure.requestId());
            try (ResultSet row = exists.executeQuery()) {
              if (!row.next()) {
                throw unknown(failure.requestId());
              }
            }
          }
          return null;
        });
  }

  @Override
  public boolean reopen(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return db.call(
        "reopening in cruster_requests the request",
        requestId,
        c -> {
          try (PreparedStatement update = c.prepareStatement(REOPEN)) {
            update.setString(1, requestId);
            try (ResultSet row = update.executeQuery()) {
              return row.next() && row.getLong(1) == 1;
            }
          }
        });
  }

  @Override
  public List<RequestState> deadLetters(int limit) {
    requireLimit(limit);
    return db.call(
        "listing dead letters in cruster_requests, limit",
        limit,
        c -> {
          try (PreparedStatement select = c.prepareStatement(DEAD_LETTERS)) {
            select.setInt(1, limit);
            return requests(select);
          }
        });
  }

  @Override
  public List<String> purgeCompleted(Instant completedBefore, int limit) {
    Objects.requireNonNull(completedBefore, "completedBefore");
    requireLimit(limit);
    db.ensureOpen();
    if (limit == 0) {
      return List.of();
    }
    return db.call(
        "purge of cruster_requests completed before",
        completedBefore,
        c -> {
          try (PreparedStatement purge = c.prepareStatement(PURGE)) {
            Rows.setInstant(purge, 1, completedBefore);
            purge.setInt(2, limit);
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

  static Optional<RequestState> find(Connection c, String requestId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(FIND)) {
      select.setString(1, requestId);
      List<RequestState> found = requests(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static List<RequestState> requests(PreparedStatement statement) throws SQLException {
    List<RequestState> states = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        states.add(Rows.request(rows));
      }
    }
    return states;
  }

  private static void setReply(PreparedStatement update, ReplyRecord reply) throws SQLException {
    update.setBoolean(1, reply.failure());
    update.setBytes(2, reply.payload());
    Rows.setInstant(update, 3, reply.at());
    update.setString(4, reply.requestId());
  }

  private static StorageException unknown(String requestId) {
    return new StorageException(
        "unknown request " + requestId + " (no such row in cruster_requests)");
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
  }
}
