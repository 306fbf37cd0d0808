package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.TimerRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A batch of writes as one statement: a data-modifying WITH query whose parts are the statements of
 * {@link SaveWriter}, {@link CommitWriter}, {@link OutcomeWriter} and {@link FinishWriter}, and
 * whose last part checks what those check (the shards' epochs read FOR SHARE, every state version
 * written, every journal step inserted) by calling {@code cruster_commit_check} (V0005), which
 * raises SQLSTATE {@value #CHECK_FAILED} and so aborts the whole statement when a check fails. In
 * autocommit that is one round trip for the writes and the COMMIT together, instead of one per
 * table plus one for COMMIT.
 *
 * <p>Only for plans whose parts are independent within one statement (every part of one statement
 * sees the same snapshot, not the others' writes): at most one state write per entity, no trait
 * states, no deferred slots and no restart taking over journal entries ({@link #of} returns empty
 * otherwise, and the batch is written the long way). A failed check is not a conflict here: the
 * caller writes the batch again the long way, which names the conflict (conflicts are rare). A save
 * of a request already stored comes back as not inserted, as from {@link SaveWriter}. Immutable;
 * built and run by one thread.
 */
final class OneStatement {
  /** The SQLSTATE {@code cruster_commit_check} raises when a check failed. */
  static final String CHECK_FAILED = "CR001";

  private interface Binder {
    void bind(PreparedStatement statement, Connection c, int index) throws SQLException;
  }

  /**
   * What the statement did: the keys of the saves it inserted, the request ids of the executions it
   * ended.
   */
  record Ran(Set<SaveWriter.Key> inserted, Set<String> finished) {}

  private final String sql;
  private final List<Binder> binders;
  private final List<Write.Save> saves;

  private OneStatement(String sql, List<Binder> binders, List<Write.Save> saves) {
    this.sql = sql;
    this.binders = binders;
    this.saves = saves;
  }

  /** The batch as one statement, or empty when it must be written the long way. */
  static Optional<OneStatement> of(List<Write> writes) {
    List<Write.Save> saves = new ArrayList<>();
    List<Commit> commits = new ArrayList<>();
    List<Write.Finish> finishes = new ArrayList<>();
    for (Write write : writes) {
      switch (write) {
        case Write.Save save -> saves.add(save);
        case Write.Apply apply -> commits.add(apply.commit());
        case Write.Finish finish -> finishes.add(finish);
      }
    }
    CommitPlan plan = CommitPlan.of(commits);
    if (plan.stateRounds.size() > 1
        || saves.stream().anyMatch(OneStatement::takesOverSteps)
        || !plan.resolves.isEmpty()
        || !plan.overwrites.isEmpty()
        || !plan.clears.isEmpty()
        || plan.stateRounds.stream()
            .flatMap(List::stream)
            .anyMatch(w -> !w.state().traits().isEmpty())
        || !independent(finishes, plan)) {
      return Optional.empty();
    }
    return Optional.of(build(saves, plan, finishes));
  }

  /**
   * Whether the ends of executions touch rows nothing else of the statement touches: a row updated
   * twice in one statement keeps only one of the updates.
   */
  private static boolean independent(List<Write.Finish> finishes, CommitPlan plan) {
    if (finishes.isEmpty()) {
      return true;
    }
    Set<String> touched = new HashSet<>();
    plan.replies.forEach(r -> touched.add(r.requestId()));
    plan.failures.forEach(r -> touched.add(r.requestId()));
    plan.executions.forEach(u -> touched.add(u.executionId()));
    for (Write.Finish finish : finishes) {
      if (!touched.add(finish.reply().requestId())) {
        return false;
      }
    }
    return true;
  }

  /** The fencing tokens of the commits and of the ends of executions, distinct, in shard order. */
  private static List<FencingToken> fences(CommitPlan plan, List<Write.Finish> finishes) {
    if (finishes.stream().allMatch(f -> f.fence().isEmpty())) {
      return plan.fences;
    }
    Set<FencingToken> all = new HashSet<>(plan.fences);
    finishes.forEach(f -> f.fence().ifPresent(all::add));
    return all.stream().sorted(CommitPlan.SHARD_ORDER).toList();
  }

  /** A restart's save: its journal entries are checked against the journal the long way. */
  private static boolean takesOverSteps(Write.Save save) {
    return save.execution().map(e -> !e.journal().isEmpty()).orElse(false);
  }

  private static OneStatement build(
      List<Write.Save> saves, CommitPlan plan, List<Write.Finish> finishes) {
    List<String> parts = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    List<Binder> binders = new ArrayList<>();
    List<FencingToken> tokens = fences(plan, finishes);
    if (!tokens.isEmpty()) {
      parts.add(
          """
          fence AS MATERIALIZED (
            SELECT e.shard_group, e.shard_id, e.epoch
            FROM cruster_shard_epochs e
            JOIN unnest(?::text[], ?::int[]) AS v(shard_group, shard_id)
              ON e.shard_group = v.shard_group AND e.shard_id = v.shard_id
            ORDER BY e.shard_group, e.shard_id
            FOR SHARE OF e),
          fence_ok AS (
            SELECT coalesce(bool_and(coalesce(f.epoch, 0) = v.epoch), true) AS ok
            FROM unnest(?::text[], ?::int[], ?::bigint[]) AS v(shard_group, shard_id, epoch)
            LEFT JOIN fence f ON f.shard_group = v.shard_group AND f.shard_id = v.shard_id)""");
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, tokens, t -> t.shard().group())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.ints(c, tokens, t -> t.shard().id())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, tokens, t -> t.shard().group())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.ints(c, tokens, t -> t.shard().id())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.longs(c, tokens, FencingToken::epoch)));
      checks.add("(SELECT ok FROM fence_ok)");
    }
    List<StateWrite> states = plan.stateRounds.isEmpty() ? List.of() : plan.stateRounds.get(0);
    List<StateWrite> first = states.stream().filter(w -> w.state().version() == 1).toList();
    List<StateWrite> later = states.stream().filter(w -> w.state().version() != 1).toList();
    if (!first.isEmpty()) {
      parts.add(
          """
          first_states AS (
            INSERT INTO cruster_entity_state (entity_type, entity_id, state, version)
            SELECT v.entity_type, v.entity_id, v.state, 1
            FROM unnest(?::text[], ?::text[], ?::bytea[]) AS v(entity_type, entity_id, state)
            ON CONFLICT DO NOTHING
            RETURNING 1)""");
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, first, w -> w.address().entityType())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, first, w -> w.address().entityId())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, first, w -> w.state().state())));
      checks.add("(SELECT count(*) FROM first_states) = " + first.size());
    }
    if (!later.isEmpty()) {
      parts.add(
          """
          later_states AS (
            UPDATE cruster_entity_state s SET state = v.state, version = v.version, updated_at = now()
            FROM unnest(?::text[], ?::text[], ?::bytea[], ?::bigint[]) AS v(entity_type, entity_id, state, version)
            WHERE s.entity_type = v.entity_type AND s.entity_id = v.entity_id AND s.version = v.version - 1
            RETURNING 1),
          old_traits AS (
            DELETE FROM cruster_trait_state t
            USING unnest(?::text[], ?::text[]) AS v(entity_type, entity_id)
            WHERE t.entity_type = v.entity_type AND t.entity_id = v.entity_id)""");
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, later, w -> w.address().entityType())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, later, w -> w.address().entityId())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, later, w -> w.state().state())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.longs(c, later, w -> w.state().version())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, later, w -> w.address().entityType())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, later, w -> w.address().entityId())));
      checks.add("(SELECT count(*) FROM later_states) = " + later.size());
    }
    if (!plan.journal.isEmpty()) {
      List<JournalEntry> entries = plan.journal;
      parts.add(
          """
          journal AS (
            INSERT INTO cruster_journal (execution_id, step, kind, tag, result, failed, recorded_at)
            SELECT v.execution_id, v.step, v.kind, v.tag, v.result, v.failed, v.recorded_at::timestamptz
            FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::bytea[], ?::boolean[], ?::text[])
              WITH ORDINALITY AS v(execution_id, step, kind, tag, result, failed, recorded_at, ord)
            ORDER BY v.ord
            ON CONFLICT DO NOTHING
            RETURNING 1)""");
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, entries, JournalEntry::executionId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.ints(c, entries, JournalEntry::step)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, entries, e -> e.kind().name())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, entries, JournalEntry::tag)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, entries, JournalEntry::result)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bools(c, entries, JournalEntry::failed)));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.times(c, entries, JournalEntry::recordedAt)));
      checks.add("(SELECT count(*) FROM journal) = " + entries.size());
    }
    if (!plan.executions.isEmpty()) {
      List<ExecutionUpdate> changes = plan.executions;
      parts.add(
          """
          status_changes AS (
            UPDATE cruster_executions x SET status = u.status
            FROM unnest(?::text[], ?::text[]) AS u(execution_id, status)
            WHERE x.execution_id = u.execution_id AND x.status IN ('RUNNING', 'SLEEPING', 'AWAITING'))""");
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, changes, ExecutionUpdate::executionId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, changes, u -> u.status().name())));
    }
    if (!plan.replies.isEmpty()) {
      List<ReplyRecord> replies = plan.replies;
      parts.add(
          """
          replies AS (
            UPDATE cruster_requests r SET status = 'DONE', reply_failure = v.failure, reply_payload = v.payload,
              reply_at = v.at::timestamptz
            FROM unnest(?::text[], ?::boolean[], ?::bytea[], ?::text[]) AS v(request_id, failure, payload, at)
            WHERE r.request_id = v.request_id AND r.status IN ('PENDING', 'DEAD_LETTER'))""");
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, replies, ReplyRecord::requestId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bools(c, replies, ReplyRecord::failure)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, replies, ReplyRecord::payload)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.times(c, replies, ReplyRecord::at)));
    }
    if (!plan.failures.isEmpty()) {
      List<ReplyRecord> failures = plan.failures;
      parts.add(
          """
          failures AS (
            UPDATE cruster_requests r SET status = 'FAILED', reply_failure = true, reply_payload = v.payload,
              reply_at = v.at::timestamptz
            FROM unnest(?::text[], ?::bytea[], ?::text[]) AS v(request_id, payload, at)
            WHERE r.request_id = v.request_id AND r.status IN ('PENDING', 'DEAD_LETTER'))""");
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, failures, ReplyRecord::requestId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, failures, ReplyRecord::payload)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.times(c, failures, ReplyRecord::at)));
    }
    if (!plan.timerPuts.isEmpty()) {
      List<TimerRecord> timers = plan.timerPuts;
      parts.add(
          """
          timer_puts AS (
            INSERT INTO cruster_timers (timer_id, entity_type, entity_id, shard_group, shard_id, execution_id, step,
              wake_at)
            SELECT v.timer_id, v.entity_type, v.entity_id, v.shard_group, v.shard_id, v.execution_id, v.step,
              v.wake_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[])
              AS v(timer_id, entity_type, entity_id, shard_group, shard_id, execution_id, step, wake_at)
            ON CONFLICT (timer_id) DO UPDATE SET entity_type = EXCLUDED.entity_type,
              entity_id = EXCLUDED.entity_id, shard_group = EXCLUDED.shard_group, shard_id = EXCLUDED.shard_id,
              execution_id = EXCLUDED.execution_id, step = EXCLUDED.step, wake_at = EXCLUDED.wake_at)""");
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, timers, TimerRecord::timerId)));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, timers, t -> t.address().entityType())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, timers, t -> t.address().entityId())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, timers, t -> t.shard().group())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.ints(c, timers, t -> t.shard().id())));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, timers, TimerRecord::executionId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.ints(c, timers, TimerRecord::step)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.times(c, timers, TimerRecord::wakeAt)));
    }
    if (!plan.timerDeletes.isEmpty()) {
      List<String> ids = plan.timerDeletes;
      parts.add(
          """
          timer_deletes AS (
            DELETE FROM cruster_timers WHERE timer_id = ANY(?::text[]))""");
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, ids, id -> id)));
    }
    String finishedRows = "";
    if (!finishes.isEmpty()) {
      List<ReplyRecord> replies = finishes.stream().map(Write.Finish::reply).toList();
      parts.add(FinishWriter.PARTS);
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, replies, ReplyRecord::requestId)));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, finishes, FinishWriter::requestStatus)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bools(c, replies, ReplyRecord::failure)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.bytes(c, replies, ReplyRecord::payload)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.times(c, replies, ReplyRecord::at)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, replies, ReplyRecord::requestId)));
      binders.add((s, c, i) -> s.setArray(i, SqlArrays.text(c, finishes, f -> f.status().name())));
      binders.add(
          (s, c, i) -> s.setArray(i, SqlArrays.text(c, finishes, FinishWriter::failureText)));
      String channel = finishes.get(0).channel(); // one storage, one channel
      binders.add((s, c, i) -> s.setString(i, channel));
      checks.add("(SELECT count(*) FROM finish_told) >= 0"); // read, so the notifications are sent
      finishedRows = "\nUNION ALL\nSELECT false, request_id, NULL, NULL, NULL FROM finished";
    }
    String savedRows = "";
    if (saves.stream().anyMatch(save -> save.execution().isPresent())) {
      parts.add(SaveWriter.SAVE_PARTS); // saves: RETURNING request_id, entity_type, ...
      addSpanning(
          binders,
          SaveWriter.EXECUTION_SAVE_PARAMETERS,
          (s, c, i) -> SaveWriter.bindWithExecutions(s, c, saves, i));
      savedRows =
          "\nUNION ALL\nSELECT true, request_id, entity_type, entity_id, dedupe_key FROM saves";
    } else if (!saves.isEmpty()) {
      parts.add(
          "saves AS ("
              + SaveWriter.INSERT.replace("\n", "\n  ")
              + ")"); // RETURNING request_id, entity_type, entity_id, dedupe_key
      List<RequestRecord> requests = saves.stream().map(Write.Save::request).toList();
      addSpanning(
          binders, SaveWriter.INSERT_PARAMETERS, (s, c, i) -> SaveWriter.bind(s, c, requests, i));
      savedRows =
          "\nUNION ALL\nSELECT true, request_id, entity_type, entity_id, dedupe_key FROM saves";
    }
    String check = checks.isEmpty() ? "true" : String.join("\n  AND ", checks);
    String sql =
        (parts.isEmpty() ? "" : "WITH " + String.join(",\n", parts) + "\n")
            + "SELECT cruster_commit_check("
            + check
            + "), NULL::text, NULL::text, NULL::text, NULL::text"
            + savedRows
            + finishedRows;
    return new OneStatement(sql, List.copyOf(binders), List.copyOf(saves));
  }

  /**
   * Adds {@code first}, which binds {@code count} parameters at once, and a binder per further
   * parameter that binds nothing (they are bound already), so indexes stay one per parameter.
   */
  private static void addSpanning(List<Binder> binders, int count, Binder first) {
    binders.add(first);
    for (int k = 1; k < count; k++) {
      binders.add((s, c, i) -> {});
    }
  }

  /** The saves of the batch, in order (their outcomes come from {@link #run}'s inserted keys). */
  List<Write.Save> saves() {
    return saves;
  }

  /** The SQL, for tests. */
  String sql() {
    return sql;
  }

  /**
   * Runs the statement in {@code tx} (autocommit or not, as the caller set it); returns the keys of
   * the saves it inserted. Throws the driver's exception, SQLSTATE {@value #CHECK_FAILED} when a
   * check failed; either way nothing of the statement is applied.
   */
  Ran run(Tx tx) throws SQLException {
    Set<SaveWriter.Key> inserted = new HashSet<>();
    Set<String> finished = new HashSet<>();
    try (PreparedStatement statement = tx.prepare("commit as one statement", sql)) {
      for (int i = 0; i < binders.size(); i++) {
        binders.get(i).bind(statement, tx.connection, i + 1);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(2) == null) {
            continue; // the check's row
          }
          if (rows.getBoolean(1)) {
            inserted.add(
                SaveWriter.Key.of(
                    rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)));
          } else {
            finished.add(rows.getString(2));
          }
        }
      }
    }
    return new Ran(inserted, finished);
  }
}
