package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.internal.Fencing;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StateWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link CommitPlan} inside the caller's transaction: the checked writes first (state
 * versions, journal steps), then the rest. Each table is one multi-row statement over unnested
 * arrays. A check that fails does not throw: {@link #apply} returns the conflict, and the caller
 * rolls the transaction back, so nothing of the plan stays. Stateless.
 *
 * <p>Version check: a version-1 write inserts the row unless one exists; a later version updates
 * the row only where the stored version is one less. Either way a concurrent writer of the same row
 * waits for the first and then re-checks the row it committed, so of two writers of one version one
 * fails.
 */
final class CommitWriter {
  static final String INSERT_FIRST_STATES =
      """
      INSERT INTO cruster_entity_state (entity_type, entity_id, state, version)
      SELECT v.entity_type, v.entity_id, v.state, 1
      FROM unnest(?::text[], ?::text[], ?::bytea[]) AS v(entity_type, entity_id, state)
      ON CONFLICT DO NOTHING
      RETURNING entity_type, entity_id""";

  /**
   * Updates where the stored version is the previous one, and drops those entities' old trait
   * states.
   */
  static final String UPDATE_STATES =
      """
      WITH updated AS (
        UPDATE cruster_entity_state s SET state = v.state, version = v.version, updated_at = now()
        FROM unnest(?::text[], ?::text[], ?::bytea[], ?::bigint[]) AS v(entity_type, entity_id, state, version)
        WHERE s.entity_type = v.entity_type AND s.entity_id = v.entity_id AND s.version = v.version - 1
        RETURNING s.entity_type, s.entity_id),
      old_traits AS (
        DELETE FROM cruster_trait_state t USING updated u
        WHERE t.entity_type = u.entity_type AND t.entity_id = u.entity_id)
      SELECT entity_type, entity_id FROM updated""";

  static final String INSERT_TRAITS =
      """
      INSERT INTO cruster_trait_state (entity_type, entity_id, trait_name, state)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[])""";

  static final String STORED_VERSION =
      "SELECT version FROM cruster_entity_state WHERE entity_type = ? AND entity_id = ?";

  static final String INSERT_JOURNAL =
      """
      INSERT INTO cruster_journal (execution_id, step, kind, tag, result, failed, recorded_at)
      SELECT v.execution_id, v.step, v.kind, v.tag, v.result, v.failed, v.recorded_at::timestamptz
      FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::bytea[], ?::boolean[], ?::text[])
        WITH ORDINALITY AS v(execution_id, step, kind, tag, result, failed, recorded_at, ord)
      ORDER BY v.ord
      ON CONFLICT DO NOTHING
      RETURNING execution_id, step""";

  /**
   * As {@link #INSERT_JOURNAL}, with status changes of live executions in the same statement (a
   * data-modifying CTE): a step that changes its execution's status costs no extra round trip.
   */
  static final String INSERT_JOURNAL_WITH_STATUS =
      """
      WITH status_changes AS (
        UPDATE cruster_executions x SET status = u.status
        FROM unnest(?::text[], ?::text[]) AS u(execution_id, status)
        WHERE x.execution_id = u.execution_id AND x.status IN ('RUNNING', 'SLEEPING', 'AWAITING'))
      """
          + INSERT_JOURNAL;

  /** Status changes of live executions, in a commit that writes no journal entry. */
  static final String UPDATE_STATUS =
      """
      UPDATE cruster_executions x SET status = u.status
      FROM unnest(?::text[], ?::text[]) AS u(execution_id, status)
      WHERE x.execution_id = u.execution_id AND x.status IN ('RUNNING', 'SLEEPING', 'AWAITING')""";

  /**
   * The current epochs of the shards of the plan's tokens, read with a share lock held to the end
   * of the transaction: a new epoch of one of them ({@code fenceShards}) waits until this commit is
   * done. Locked in shard order, the order {@code fenceShards} locks in too.
   */
  static final String SHARD_EPOCHS =
      """
      SELECT e.shard_group, e.shard_id, e.epoch
      FROM cruster_shard_epochs e
      JOIN unnest(?::text[], ?::int[]) AS v(shard_group, shard_id)
        ON e.shard_group = v.shard_group AND e.shard_id = v.shard_id
      ORDER BY e.shard_group, e.shard_id
      FOR SHARE OF e""";

  private record Step(String executionId, int step) {}

  private CommitWriter() {}

  /**
   * Applies the plan; returns the first conflict found (the caller must then roll back, and throw
   * it), or empty. A stale fencing token is a {@link FencedException}, retryable; the other
   * conflicts are not retryable.
   */
  static Optional<StorageException> apply(Tx tx, CommitPlan plan) throws SQLException {
    if (!plan.fences.isEmpty()) {
      Optional<StorageException> fenced = checkFences(tx, plan.fences);
      if (fenced.isPresent()) {
        return fenced;
      }
    }
    for (List<StateWrite> round : plan.stateRounds) {
      Optional<String> conflict = writeStates(tx, round);
      if (conflict.isPresent()) {
        return conflict.map(StorageException::new);
      }
    }
    if (!plan.journal.isEmpty()) {
      Optional<String> conflict = writeJournal(tx, plan.journal, plan.executions);
      if (conflict.isPresent()) {
        return conflict.map(StorageException::new);
      }
    } else if (!plan.executions.isEmpty()) {
      Connection c = tx.connection;
      try (PreparedStatement update =
          tx.prepare("update of status in cruster_executions", UPDATE_STATUS)) {
        update.setArray(1, SqlArrays.text(c, plan.executions, ExecutionUpdate::executionId));
        update.setArray(2, SqlArrays.text(c, plan.executions, u -> u.status().name()));
        update.executeUpdate();
      }
    }
    OutcomeWriter.write(tx, plan);
    return Optional.empty();
  }

  private static Optional<StorageException> checkFences(Tx tx, List<FencingToken> tokens)
      throws SQLException {
    Map<ShardId, Long> current = new HashMap<>();
    List<ShardId> shards = tokens.stream().map(FencingToken::shard).distinct().toList();
    try (PreparedStatement select =
        tx.prepare("fencing check in cruster_shard_epochs", SHARD_EPOCHS)) {
      select.setArray(1, SqlArrays.text(tx.connection, shards, ShardId::group));
      select.setArray(2, SqlArrays.ints(tx.connection, shards, ShardId::id));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          current.put(new ShardId(rows.getString(1), rows.getInt(2)), rows.getLong(3));
        }
      }
    }
    for (FencingToken token : tokens) {
      long epoch = current.getOrDefault(token.shard(), 0L);
      if (epoch != token.epoch()) {
        return Optional.of(Fencing.refused(token, epoch));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> writeStates(Tx tx, List<StateWrite> writes) throws SQLException {
    Connection c = tx.connection;
    List<StateWrite> first = writes.stream().filter(w -> w.state().version() == 1).toList();
    List<StateWrite> later = writes.stream().filter(w -> w.state().version() != 1).toList();
    Set<EntityAddress> written = new HashSet<>();
    if (!first.isEmpty()) {
      try (PreparedStatement insert =
          tx.prepare("insert into cruster_entity_state", INSERT_FIRST_STATES)) {
        insert.setArray(1, SqlArrays.text(c, first, w -> w.address().entityType()));
        insert.setArray(2, SqlArrays.text(c, first, w -> w.address().entityId()));
        insert.setArray(3, SqlArrays.bytes(c, first, w -> w.state().state()));
        collectAddresses(insert, written);
      }
    }
    if (!later.isEmpty()) {
      try (PreparedStatement update = tx.prepare("update of cruster_entity_state", UPDATE_STATES)) {
        update.setArray(1, SqlArrays.text(c, later, w -> w.address().entityType()));
        update.setArray(2, SqlArrays.text(c, later, w -> w.address().entityId()));
        update.setArray(3, SqlArrays.bytes(c, later, w -> w.state().state()));
        update.setArray(4, SqlArrays.longs(c, later, w -> w.state().version()));
        collectAddresses(update, written);
      }
    }
    for (StateWrite write : writes) {
      if (!written.contains(write.address())) {
        return Optional.of(versionConflict(tx, write));
      }
    }
    List<TraitRow> traits =
        writes.stream()
            .flatMap(
                w ->
                    w.state().traits().entrySet().stream()
                        .map(t -> new TraitRow(w.address(), t.getKey(), t.getValue())))
            .toList();
    if (!traits.isEmpty()) {
      try (PreparedStatement insert =
          tx.prepare("insert into cruster_trait_state", INSERT_TRAITS)) {
        insert.setArray(1, SqlArrays.text(c, traits, t -> t.address().entityType()));
        insert.setArray(2, SqlArrays.text(c, traits, t -> t.address().entityId()));
        insert.setArray(3, SqlArrays.text(c, traits, TraitRow::name));
        insert.setArray(4, SqlArrays.bytes(c, traits, TraitRow::state));
        insert.executeUpdate();
      }
    }
    return Optional.empty();
  }

  private record TraitRow(EntityAddress address, String name, byte[] state) {}

  private static void collectAddresses(PreparedStatement statement, Set<EntityAddress> into)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        into.add(new EntityAddress(rows.getString(1), rows.getString(2)));
      }
    }
  }

  private static String versionConflict(Tx tx, StateWrite write) throws SQLException {
    long stored = 0;
    try (PreparedStatement select = tx.prepare("read of cruster_entity_state", STORED_VERSION)) {
      select.setString(1, write.address().entityType());
      select.setString(2, write.address().entityId());
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          stored = row.getLong(1);
        }
      }
    }
    long version = write.state().version();
    return "state version conflict for "
        + write.address()
        + ": the commit writes version "
        + version
        + " but the stored version is "
        + stored
        + (stored == 0 ? " (nothing stored)" : "")
        + ", so the next must be "
        + (stored + 1)
        + "; another writer committed first? Nothing was committed";
  }

  /**
   * Inserts journal entries (with {@code statusChanges} folded into the same statement); returns
   * the conflict of a step already recorded, if any.
   */
  static Optional<String> writeJournal(
      Tx tx, List<JournalEntry> entries, List<ExecutionUpdate> statusChanges) throws SQLException {
    Connection c = tx.connection;
    Set<Step> recorded = new HashSet<>();
    boolean withStatus = !statusChanges.isEmpty();
    try (PreparedStatement insert =
        tx.prepare(
            withStatus
                ? "insert into cruster_journal with status changes in cruster_executions"
                : "insert into cruster_journal",
            withStatus ? INSERT_JOURNAL_WITH_STATUS : INSERT_JOURNAL)) {
      int p = 1;
      if (withStatus) {
        insert.setArray(p++, SqlArrays.text(c, statusChanges, ExecutionUpdate::executionId));
        insert.setArray(p++, SqlArrays.text(c, statusChanges, u -> u.status().name()));
      }
      insert.setArray(p++, SqlArrays.text(c, entries, JournalEntry::executionId));
      insert.setArray(p++, SqlArrays.ints(c, entries, JournalEntry::step));
      insert.setArray(p++, SqlArrays.text(c, entries, e -> e.kind().name()));
      insert.setArray(p++, SqlArrays.text(c, entries, JournalEntry::tag));
      insert.setArray(p++, SqlArrays.bytes(c, entries, JournalEntry::result));
      insert.setArray(p++, SqlArrays.bools(c, entries, JournalEntry::failed));
      insert.setArray(p, SqlArrays.times(c, entries, JournalEntry::recordedAt));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          recorded.add(new Step(rows.getString(1), rows.getInt(2)));
        }
      }
    }
    for (JournalEntry entry : entries) {
      // remove: a step twice in the batch is inserted once, so the second finds it gone.
      if (!recorded.remove(new Step(entry.executionId(), entry.step()))) {
        return Optional.of(
            "journal step "
                + entry.step()
                + " of execution "
                + entry.executionId()
                + " is already recorded in cruster_journal; nothing was committed");
      }
    }
    return Optional.empty();
  }
}
