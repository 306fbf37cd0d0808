package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.StorageException;
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

  static final String EXISTING =
      """
      SELECT r.* FROM cruster_requests r WHERE r.request_id = ANY(?::text[])
      UNION ALL
      SELECT r.* FROM cruster_requests r
      JOIN unnest(?::text[], ?::text[], ?::text[]) AS v(entity_type, entity_id, dedupe_key)
        ON r.entity_type = v.entity_type AND r.entity_id = v.entity_id AND r.dedupe_key = v.dedupe_key""";

  /** What identifies one save: a returned row of INSERT matches one of these. */
  private record Key(String requestId, EntityAddress address, String dedupeKey) {
    static Key of(RequestRecord request) {
      return new Key(request.requestId(), request.address(), request.dedupeKey());
    }
  }

  private record DedupeKey(EntityAddress address, String dedupeKey) {}

  private SaveWriter() {}

  /** The outcome of each save, in the order given. */
  static List<SaveOutcome> save(Tx tx, List<RequestRecord> requests) throws SQLException {
    Set<Key> inserted = insert(tx, requests);
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
      insert.setArray(1, SqlArrays.text(c, requests, RequestRecord::requestId));
      insert.setArray(2, SqlArrays.text(c, requests, r -> r.address().entityType()));
      insert.setArray(3, SqlArrays.text(c, requests, r -> r.address().entityId()));
      insert.setArray(4, SqlArrays.text(c, requests, r -> r.shard().group()));
      insert.setArray(5, SqlArrays.ints(c, requests, r -> r.shard().id()));
      insert.setArray(6, SqlArrays.text(c, requests, RequestRecord::tag));
      insert.setArray(7, SqlArrays.bytes(c, requests, RequestRecord::payload));
      insert.setArray(8, SqlArrays.text(c, requests, RequestRecord::dedupeKey));
      insert.setArray(9, SqlArrays.bools(c, requests, RequestRecord::expectsReply));
      insert.setArray(10, SqlArrays.times(c, requests, RequestRecord::createdAt));
      insert.setArray(11, SqlArrays.times(c, requests, RequestRecord::deliverAt));
      insert.setArray(12, SqlArrays.text(c, requests, r -> Rows.traceText(r.traceContext())));
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
