package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.SaveOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Saves a batch of requests with one multi-row insert that skips rows conflicting with either
 * unique key (request id; entity + dedupe key), then reads the stored request of every skipped one
 * in one more statement. Rows insert in batch order, so of two saves of one key in a batch the
 * first wins, as if they had come one after the other. Concurrent saves in other transactions wait
 * for each other on the unique index, so of concurrent saves of one key exactly one inserts.
 * Stateless.
 */
final class SaveWriter {
  static final String INSERT =
      """
      INSERT INTO cruster_requests (request_id, entity_type, entity_id, shard_group, shard_id, tag, payload,
        dedupe_key, expects_reply, created_at, deliver_at, trace_context)
      SELECT v.request_id, v.entity_type, v.entity_id, v.shard_group, v.shard_id, v.tag, v.payload,
        v.dedupe_key, v.expects_reply, v.created_at::timestamptz, v.deliver_at::timestamptz,
        v.trace_context
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bytea[], ?::text[],
          ?::boolean[], ?::text[], ?::text[], ?::text[])
        WITH ORDINALITY AS v(request_id, entity_type, entity_id, shard_group, shard_id, tag, payload,
          dedupe_key, expects_reply, created_at, deliver_at, trace_context, ord)
      ORDER BY v.ord
      ON CONFLICT DO NOTHING
      RETURNING request_id, entity_type, entity_id, dedupe_key""";

  /**
   * As {@link #INSERT}, and in the same statement the execution records of the saves that start a
   * workflow ({@code is_execution}), for the rows actually inserted: no round trip of its own. The
   * record copies the request's payload as its input, which outlives the request's retention. Three
   * parts of a top-level WITH query (a data-modifying WITH cannot nest): {@code save_rows}, {@code
   * saves} (returns the inserted rows' request_id, entity_type, entity_id, dedupe_key) and {@code
   * save_executions}. Its {@value #EXECUTION_SAVE_PARAMETERS} parameters are bound by {@link
   * #bindWithExecutions}.
   */
  static final String SAVE_PARTS =
      """
      save_rows AS (
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bytea[],
            ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
          WITH ORDINALITY AS v(request_id, entity_type, entity_id, shard_group, shard_id, tag, payload,
            dedupe_key, expects_reply, created_at, deliver_at, trace_context, is_execution, restarted_from,
            ord)),
      saves AS (
        INSERT INTO cruster_requests (request_id, entity_type, entity_id, shard_group, shard_id, tag, payload,
          dedupe_key, expects_reply, created_at, deliver_at, trace_context)
        SELECT v.request_id, v.entity_type, v.entity_id, v.shard_group, v.shard_id, v.tag, v.payload,
          v.dedupe_key, v.expects_reply, v.created_at::timestamptz, v.deliver_at::timestamptz, v.trace_context
        FROM save_rows v ORDER BY v.ord
        ON CONFLICT DO NOTHING
        RETURNING request_id, entity_type, entity_id, dedupe_key, shard_group, shard_id, tag, payload,
          created_at),
      save_executions AS (
        INSERT INTO cruster_executions (execution_id, entity_type, entity_id, shard_group, shard_id, tag,
          status, started_at, restarted_from, input)
        SELECT i.request_id, i.entity_type, i.entity_id, i.shard_group, i.shard_id, i.tag, 'RUNNING',
          i.created_at, v.restarted_from, i.payload
        FROM saves i JOIN save_rows v ON v.request_id = i.request_id
        WHERE v.is_execution)""";

  /** {@link #SAVE_PARTS} as a statement of its own. */
  static final String INSERT_WITH_EXECUTIONS =
      "WITH " + SAVE_PARTS + "\nSELECT request_id, entity_type, entity_id, dedupe_key FROM saves";

  /** The number of parameters of {@link #SAVE_PARTS}. */
  static final int EXECUTION_SAVE_PARAMETERS = 14;

  static final String EXISTING =
      """
      SELECT r.* FROM cruster_requests r WHERE r.request_id = ANY(?::text[])
      UNION ALL
      SELECT r.* FROM cruster_requests r
      JOIN unnest(?::text[], ?::text[], ?::text[]) AS v(entity_type, entity_id, dedupe_key)
        ON r.entity_type = v.entity_type AND r.entity_id = v.entity_id AND r.dedupe_key = v.dedupe_key""";

  /** What identifies one save: a returned row of INSERT matches one of these. */
  record Key(String requestId, EntityAddress address, String dedupeKey) {
    static Key of(RequestRecord request) {
      return new Key(request.requestId(), request.address(), request.dedupeKey());
    }

    /** The key of a row returned by {@link #INSERT}. */
    static Key of(String requestId, String entityType, String entityId, String dedupeKey) {
      return new Key(requestId, new EntityAddress(entityType, entityId), dedupeKey);
    }
  }

  private record DedupeKey(EntityAddress address, String dedupeKey) {}

  private SaveWriter() {}

  /**
   * The outcome of each save, in the order given. Saves that start an execution write its record,
   * and the journal entries it takes over when the request is new.
   */
  static List<SaveOutcome> save(Tx tx, List<Write.Save> saves) throws SQLException {
    List<RequestRecord> requests = saves.stream().map(Write.Save::request).toList();
    boolean executions = saves.stream().anyMatch(w -> w.execution().isPresent());
    Set<Key> inserted = executions ? insertWithExecutions(tx, saves) : insert(tx, requests);
    return outcomes(tx, saves, inserted);
  }

  /**
   * The outcome of each save, in the order given, once the rows of {@code inserted} (a set this
   * consumes) were inserted: the others are duplicates, read in one more statement.
   */
  static List<SaveOutcome> outcomes(Tx tx, List<Write.Save> saves, Set<Key> inserted)
      throws SQLException {
    List<RequestRecord> requests = saves.stream().map(Write.Save::request).toList();
    List<RequestRecord> duplicates = new ArrayList<>();
    boolean[] saved = new boolean[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      // remove: of two identical saves only the first can have inserted the row.
      saved[i] = inserted.remove(Key.of(requests.get(i)));
      if (!saved[i]) {
        duplicates.add(requests.get(i));
      }
    }
    Map<String, RequestState> byId = new HashMap<>();
    Map<DedupeKey, RequestState> byDedupeKey = new HashMap<>();
    if (!duplicates.isEmpty()) {
      for (RequestState state : existing(tx, duplicates)) {
        RequestRecord stored = state.request();
        byId.put(stored.requestId(), state);
        byDedupeKey.put(new DedupeKey(stored.address(), stored.dedupeKey()), state);
      }
    }
    List<JournalEntry> takenOver = new ArrayList<>();
    for (int i = 0; i < saves.size(); i++) {
      if (saved[i]) {
        saves.get(i).execution().ifPresent(e -> takenOver.addAll(e.journal()));
      }
    }
    if (!takenOver.isEmpty()) {
      Optional<String> conflict = CommitWriter.writeJournal(tx, takenOver, List.of());
      if (conflict.isPresent()) {
        throw new StorageException(conflict.get());
      }
    }
    List<SaveOutcome> outcomes = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      RequestRecord request = requests.get(i);
      if (saved[i]) {
        outcomes.add(new SaveOutcome.Saved());
        continue;
      }
      RequestState existing = byId.get(request.requestId());
      if (existing == null) {
        existing = byDedupeKey.get(new DedupeKey(request.address(), request.dedupeKey()));
      }
      if (existing == null) {
        throw new StorageException(
            "save of request "
                + request.requestId()
                + " into cruster_requests "
                + "conflicted, but no request with its id or dedupe key is stored");
      }
      outcomes.add(new SaveOutcome.Duplicate(existing));
    }
    return outcomes;
  }

  private static Set<Key> insert(Tx tx, List<RequestRecord> requests) throws SQLException {
    Connection c = tx.connection;
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement insert = tx.prepare("insert into cruster_requests", INSERT)) {
      bind(insert, c, requests, 1);
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          inserted.add(
              new Key(
                  rows.getString(1),
                  new EntityAddress(rows.getString(2), rows.getString(3)),
                  rows.getString(4)));
        }
      }
    }
    return inserted;
  }

  private static Set<Key> insertWithExecutions(Tx tx, List<Write.Save> saves) throws SQLException {
    Connection c = tx.connection;
    Set<Key> inserted = new HashSet<>();
    try (PreparedStatement insert =
        tx.prepare("insert into cruster_requests and cruster_executions", INSERT_WITH_EXECUTIONS)) {
      bindWithExecutions(insert, c, saves, 1);
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          inserted.add(
              new Key(
                  rows.getString(1),
                  new EntityAddress(rows.getString(2), rows.getString(3)),
                  rows.getString(4)));
        }
      }
    }
    return inserted;
  }

  /**
   * Binds the {@value #INSERT_PARAMETERS} parameters of {@link #INSERT} for {@code requests},
   * starting at parameter {@code first} (INSERT may be part of a larger statement).
   */
  static void bind(PreparedStatement insert, Connection c, List<RequestRecord> requests, int first)
      throws SQLException {
    int i = first;
    insert.setArray(i++, SqlArrays.text(c, requests, RequestRecord::requestId));
    insert.setArray(i++, SqlArrays.text(c, requests, r -> r.address().entityType()));
    insert.setArray(i++, SqlArrays.text(c, requests, r -> r.address().entityId()));
    insert.setArray(i++, SqlArrays.text(c, requests, r -> r.shard().group()));
    insert.setArray(i++, SqlArrays.ints(c, requests, r -> r.shard().id()));
    insert.setArray(i++, SqlArrays.text(c, requests, RequestRecord::tag));
    insert.setArray(i++, SqlArrays.bytes(c, requests, RequestRecord::payload));
    insert.setArray(i++, SqlArrays.text(c, requests, RequestRecord::dedupeKey));
    insert.setArray(i++, SqlArrays.bools(c, requests, RequestRecord::expectsReply));
    insert.setArray(i++, SqlArrays.times(c, requests, RequestRecord::createdAt));
    insert.setArray(i++, SqlArrays.times(c, requests, RequestRecord::deliverAt));
    insert.setArray(i, SqlArrays.text(c, requests, r -> Rows.traceText(r.traceContext())));
  }

  /**
   * Binds the {@value #EXECUTION_SAVE_PARAMETERS} parameters of {@link #SAVE_PARTS} for {@code
   * saves}, starting at parameter {@code first}.
   */
  static void bindWithExecutions(
      PreparedStatement insert, Connection c, List<Write.Save> saves, int first)
      throws SQLException {
    List<RequestRecord> requests = saves.stream().map(Write.Save::request).toList();
    bind(insert, c, requests, first);
    int i = first + INSERT_PARAMETERS;
    insert.setArray(i++, SqlArrays.bools(c, saves, w -> w.execution().isPresent()));
    insert.setArray(
        i,
        SqlArrays.text(
            c, saves, w -> w.execution().flatMap(Write.Execution::restartedFrom).orElse(null)));
  }

  /** The number of parameters of {@link #INSERT}. */
  static final int INSERT_PARAMETERS = 12;

  private static List<RequestState> existing(Tx tx, List<RequestRecord> duplicates)
      throws SQLException {
    Connection c = tx.connection;
    try (PreparedStatement select =
        tx.prepare("read of duplicate requests in cruster_requests", EXISTING)) {
      select.setArray(1, SqlArrays.text(c, duplicates, RequestRecord::requestId));
      select.setArray(2, SqlArrays.text(c, duplicates, r -> r.address().entityType()));
      select.setArray(3, SqlArrays.text(c, duplicates, r -> r.address().entityId()));
      select.setArray(4, SqlArrays.text(c, duplicates, RequestRecord::dedupeKey));
      List<RequestState> states = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          states.add(Rows.request(rows));
        }
      }
      return states;
    }
  }
}
