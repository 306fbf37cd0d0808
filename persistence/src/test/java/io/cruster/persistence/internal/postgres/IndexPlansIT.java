package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.Migrations;
import io.cruster.persistence.TestDatabase;
import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The statements the storage runs use the indexes of the migrations on a large table: 1,000,000
 * requests (90% DONE, 8% PENDING of which half scheduled a month ahead, 1% DEAD_LETTER, 1% FAILED
 * over 2,048 shards), 1,000,000 timers and 1,000,000 journal entries, 100,000 entity states, trait
 * states and deferreds. Each test EXPLAINs the storage's own SQL constant with realistic parameters
 * (a runner owning 1,024 shards, limits of 100) and checks the index it uses. The plans are printed
 * to the test output; migrations/README.md records them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IndexPlansIT {
  private static final OffsetDateTime LATER = OffsetDateTime.parse("2025-01-03T00:00:00Z");
  private static TestDatabase database;
  private static Connection connection;

  @BeforeAll
  static void generateRows() throws SQLException {
    database = TestDatabase.create("plans");
    Migrations.apply(database.dataSource());
    connection = database.dataSource().getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = off");
      statement.execute("SELECT setseed(0.42)"); // the same executions on every run
      statement.execute(
          """
          INSERT INTO cruster_requests (request_id, entity_type, entity_id, shard_group, shard_id, tag, payload,
            dedupe_key, expects_reply, created_at, deliver_at, status, failures, last_error, reply_failure,
            reply_payload, reply_at)
          SELECT 'r-' || i, 'Counter', 'c-' || (i % 50000), 'default', i % 2048, 'Increment', '\\x0102'::bytea,
            'k-' || i, true, timestamptz '2025-01-01' + i * interval '10 ms',
            timestamptz '2025-01-01' + i * interval '10 ms'
              + CASE WHEN i % 100 BETWEEN 90 AND 93 THEN interval '30 days' ELSE interval '0' END,
            s, CASE WHEN s = 'DEAD_LETTER' THEN 10 ELSE 0 END, CASE WHEN s = 'DEAD_LETTER' THEN 'boom' END,
            CASE WHEN s IN ('DONE', 'FAILED') THEN s = 'FAILED' END,
            CASE WHEN s IN ('DONE', 'FAILED') THEN '\\x01'::bytea END,
            CASE WHEN s IN ('DONE', 'FAILED')
              THEN timestamptz '2025-01-01' + i * interval '10 ms' + interval '1 s' END
          FROM (SELECT i, CASE WHEN i % 100 < 90 THEN 'DONE' WHEN i % 100 < 98 THEN 'PENDING'
                               WHEN i % 100 = 98 THEN 'DEAD_LETTER' ELSE 'FAILED' END AS s
                FROM generate_series(1, 1000000) i) g""");
      statement.execute(
          """
          INSERT INTO cruster_timers
          SELECT 't-' || i, 'Counter', 'c-' || (i % 50000), 'default', i % 2048, 'exec-' || i, 1,
            timestamptz '2025-01-01' + i * interval '100 ms'
          FROM generate_series(1, 1000000) i""");
      statement.execute(
          """
          INSERT INTO cruster_journal
          SELECT 'exec-' || (i / 10), i % 10 + 1, 'ACTIVITY', 'Step', '\\x01'::bytea, false, now()
          FROM generate_series(0, 999999) i""");
      statement.execute(
          "INSERT INTO cruster_entity_state SELECT 'Counter', 'c-' || i, '\\x01'::bytea, 1 "
              + "FROM generate_series(1, 100000) i");
      statement.execute(
          "INSERT INTO cruster_trait_state SELECT 'Counter', 'c-' || i, 'Auditable', "
              + "'\\x01'::bytea FROM generate_series(1, 100000) i");
      statement.execute(
          "INSERT INTO cruster_deferreds SELECT 'Counter', 'c-' || (i % 1000), 'd-' || i, "
              + "'\\x01'::bytea FROM generate_series(1, 100000) i");
      statement.execute(
          """
          INSERT INTO cruster_executions (execution_id, entity_type, entity_id, shard_group, shard_id, tag,
            status, started_at, ended_at, failure, reply_failure, reply_payload, input)
          SELECT 'x-' || i, 'Type' || t, 'e-' || (i % 200000), 'default', i % 2048,
            'Type' || t || '.Flow' || f, s,
            timestamptz '2025-01-01' + i * interval '2.5 s',
            CASE WHEN s IN ('COMPLETED', 'FAILED', 'CANCELLED')
              THEN timestamptz '2025-01-01' + i * interval '2.5 s' + interval '1 minute' END,
            CASE WHEN s IN ('FAILED', 'CANCELLED') THEN 'boom' END,
            CASE WHEN s IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN s <> 'COMPLETED' END,
            CASE WHEN s IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN '\\x01'::bytea END,
            '\\x0102'::bytea
          FROM (SELECT i, t, f, CASE WHEN r < 80 THEN 'COMPLETED' WHEN r < 85 THEN 'FAILED'
                               WHEN r < 87 THEN 'CANCELLED' WHEN r < 95 THEN 'RUNNING'
                               WHEN r < 98 THEN 'SLEEPING' ELSE 'AWAITING' END AS s
                FROM (SELECT i, (random() * 10)::int % 10 AS t, (random() * 2)::int % 2 AS f,
                        (random() * 100)::int % 100 AS r
                      FROM generate_series(1, 1000000) i) u) g""");
      statement.execute("ANALYZE");
    }
  }

  @AfterAll
  static void dropRows() throws SQLException {
    connection.close();
    database.close();
  }

  /** The plan of {@code sql} with the parameters bound (EXPLAIN only: nothing runs). */
  private static String explain(String name, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < parameters.length; i++) {
        explain.setObject(i + 1, parameters[i]);
      }
      List<String> lines = new ArrayList<>();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          lines.add(rows.getString(1));
        }
      }
      String plan = String.join("\n", lines);
      System.out.println("--- " + name + "\n" + plan);
      return plan;
    }
  }

  private static void assertUses(String plan, String... indexes) {
    for (String index : indexes) {
      assertTrue(plan.contains(index), "expected " + index + " in\n" + plan);
    }
    assertFalse(plan.contains("Seq Scan on cruster_"), "a sequential scan in\n" + plan);
  }

  private static Array text(String... values) throws SQLException {
    return connection.createArrayOf("text", values);
  }

  private static Array shardGroups() throws SQLException {
    return text(IntStream.range(0, 1024).mapToObj(i -> "default").toArray(String[]::new));
  }

  private static Array shardIds() throws SQLException {
    return connection.createArrayOf(
        "int4", IntStream.range(0, 1024).boxed().toArray(Integer[]::new));
  }

  private static String[] hundred(String prefix) {
    return IntStream.range(0, 100).mapToObj(i -> prefix + (i * 997)).toArray(String[]::new);
  }

  @Test
  void pollingPendingRequestsScansThePendingIndexPerShard() throws SQLException {
    String plan =
        explain("pending", PgMessages.PENDING, shardGroups(), shardIds(), LATER, 100, 100);

    assertUses(plan, "cruster_requests_pending", "cruster_requests_pkey");
  }

  @Test
  void listingDeadLettersReadsTheDeadLetterIndex() throws SQLException {
    assertUses(
        explain("dead letters", PgMessages.DEAD_LETTERS, 100), "cruster_requests_dead_letters");
  }

  @Test
  void purgingReadsTheDoneIndex() throws SQLException {
    assertUses(explain("purge", PgMessages.PURGE, LATER, 100), "cruster_requests_done");
  }

  @Test
  void findingARequestReadsItsPrimaryKey() throws SQLException {
    assertUses(explain("find", PgMessages.FIND, "r-500000"), "cruster_requests_pkey");
  }

  @Test
  void readingTheDuplicatesOfABatchUsesBothUniqueKeys() throws SQLException {
    String[] ids = hundred("r-");
    String plan =
        explain(
            "duplicates",
            SaveWriter.EXISTING,
            text(ids),
            text(IntStream.range(0, 100).mapToObj(i -> "Counter").toArray(String[]::new)),
            text(hundred("c-")),
            text(hundred("k-")));

    assertUses(plan, "cruster_requests_pkey", "cruster_requests_dedupe");
  }

  @Test
  void storingRepliesFindsRequestsByPrimaryKey() throws SQLException {
    String[] ids = hundred("r-");
    Boolean[] failures = new Boolean[100];
    java.util.Arrays.fill(failures, false);
    byte[][] payloads = new byte[100][];
    java.util.Arrays.fill(payloads, new byte[] {1});
    String[] times = new String[100];
    java.util.Arrays.fill(times, "2025-01-02T00:00:00Z");
    String plan =
        explain(
            "replies",
            OutcomeWriter.REPLIES,
            text(ids),
            connection.createArrayOf("bool", failures),
            connection.createArrayOf("bytea", payloads),
            text(times));

    assertUses(plan, "cruster_requests_pkey");
  }

  @Test
  void versionCheckedStateUpdatesUseTheStateAndTraitKeys() throws SQLException {
    String[] types = IntStream.range(0, 100).mapToObj(i -> "Counter").toArray(String[]::new);
    byte[][] states = new byte[100][];
    java.util.Arrays.fill(states, new byte[] {1});
    Long[] versions = new Long[100];
    java.util.Arrays.fill(versions, 2L);
    String plan =
        explain(
            "state update",
            CommitWriter.UPDATE_STATES,
            text(types),
            text(hundred("c-")),
            connection.createArrayOf("bytea", states),
            connection.createArrayOf("int8", versions));

    assertUses(plan, "cruster_entity_state_pkey", "cruster_trait_state_pkey");
  }

  @Test
  void loadingAStateReadsTheStateAndTraitKeys() throws SQLException {
    assertUses(
        explain("load", PgStates.LOAD, "Counter", "c-777"),
        "cruster_entity_state_pkey",
        "cruster_trait_state_pkey");
  }

  @Test
  void readingAndDeletingJournalsUseTheJournalKey() throws SQLException {
    assertUses(explain("journal", PgJournal.ENTRIES, "exec-4242"), "cruster_journal_pkey");
    assertUses(
        explain(
            "journal delete",
            "DELETE FROM cruster_journal WHERE execution_id = ANY(?::text[])",
            text(hundred("exec-"))),
        "cruster_journal_pkey");
  }

  @Test
  void pollingDueTimersScansTheDueIndexPerShard() throws SQLException {
    String plan = explain("due timers", PgTimers.DUE, shardGroups(), shardIds(), LATER, 100, 100);

    assertUses(plan, "cruster_timers_due");
  }

  @Test
  void timersOfAnEntityComeFromTheEntityIndex() throws SQLException {
    assertUses(
        explain("timers of entity", PgTimers.FOR_ENTITY, "Counter", "c-77"),
        "cruster_timers_entity");
    assertUses(
        explain("timer delete", OutcomeWriter.DELETE_TIMERS, text(hundred("t-"))),
        "cruster_timers_pkey");
  }

  @Test
  void clearingDeferredsUsesTheirKey() throws SQLException {
    String[] types = IntStream.range(0, 100).mapToObj(i -> "Counter").toArray(String[]::new);
    assertUses(
        explain(
            "deferred clear",
            OutcomeWriter.CLEAR_DEFERREDS,
            text(types),
            text(hundred("c-")),
            text(hundred("d-"))),
        "cruster_deferreds_pkey");
  }

  // ---- workflow executions

  private static final OffsetDateTime MID = OffsetDateTime.parse("2025-01-15T00:00:00Z");

  /**
   * The plan of a listing, also run (EXPLAIN ANALYZE: it only reads), printed with its timing for
   * migrations/README.md.
   */
  private static String explainListing(String name, ExecutionQuery query) throws SQLException {
    ExecutionListing listing = ExecutionListing.of(query);
    try (PreparedStatement explain =
        connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + listing.sql())) {
      listing.bind(connection, explain);
      List<String> lines = new ArrayList<>();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          lines.add(rows.getString(1));
        }
      }
      String plan = String.join("\n", lines);
      System.out.println("--- list: " + name + "\n" + plan);
      return plan;
    }
  }

  private static ExecutionQuery page() {
    return ExecutionQuery.all(50);
  }

  @Test
  void listingByEntityTypeAndStatusScansTheTypeIndexBackward() throws SQLException {
    assertUses(
        explainListing(
            "type + status",
            page().withEntityType("Type3").withStatuses(Set.of(ExecutionStatus.AWAITING))),
        "cruster_executions_type");
    assertUses(
        explainListing(
            "type + status + started after + page 2",
            page()
                .withEntityType("Type3")
                .withStatuses(Set.of(ExecutionStatus.RUNNING, ExecutionStatus.SLEEPING))
                .withStartedAfter(MID.toInstant())
                .withAfter(new ExecutionQuery.Position(MID.plusDays(10).toInstant(), "x-9"))),
        "cruster_executions_type");
    assertUses(explainListing("type", page().withEntityType("Type3")), "cruster_executions_type");
  }

  @Test
  void listingByTagScansTheTagIndexBackward() throws SQLException {
    assertUses(explainListing("tag", page().withTag("Type7.Flow0")), "cruster_executions_tag");
    assertUses(
        explainListing("type + tag", page().withEntityType("Type3").withTag("Type3.Flow1")),
        "cruster_executions_tag");
    assertUses(
        explainListing(
            "tag + status",
            page().withTag("Type3.Flow1").withStatuses(Set.of(ExecutionStatus.SLEEPING))),
        "cruster_executions_tag");
  }

  @Test
  void listingWithoutATypeScansTheStatusIndexBackward() throws SQLException {
    assertUses(explainListing("all", page()), "cruster_executions_by_status");
    assertUses(
        explainListing("status", page().withStatuses(Set.of(ExecutionStatus.FAILED))),
        "cruster_executions_by_status");
    assertUses(
        explainListing(
            "started between",
            page()
                .withStartedAfter(MID.toInstant())
                .withStartedBefore(MID.plusDays(1).toInstant())),
        "cruster_executions_by_status");
  }

  @Test
  void listingByEntityIdReadsTheEntityIndex() throws SQLException {
    assertUses(
        explainListing("entity id", page().withEntityId("e-4242")), "cruster_executions_entity");
    assertUses(
        explainListing(
            "type + entity id + status",
            page()
                .withEntityType("Type2")
                .withEntityId("e-4242")
                .withStatuses(Set.of(ExecutionStatus.COMPLETED))),
        "cruster_executions_entity");
  }

  @Test
  void singleExecutionStatementsUseTheExecutionKey() throws SQLException {
    assertUses(explain("find", PgExecutions.FIND, "x-500000"), "cruster_executions_pkey");
    assertUses(
        explain("find all", PgExecutions.FIND_ALL, text(hundred("x-"))), "cruster_executions_pkey");
    assertUses(
        explain("load", PgExecutions.LOAD, "x-500000"),
        "cruster_executions_pkey",
        "cruster_journal_pkey");
    assertUses(
        explain("await", PgExecutions.AWAIT_DEFERRED, "Counter", "c-5", "d-5", "x-5"),
        "cruster_executions_pkey",
        "cruster_deferreds_pkey");
    assertUses(
        explain(
            "finish",
            FinishWriter.FINISH,
            "DONE",
            false,
            new byte[] {1},
            LATER,
            "r-5",
            "COMPLETED",
            null,
            "cruster:plans"),
        "cruster_executions_pkey",
        "cruster_requests_pkey");
    assertUses(
        explain("cancel", PgExecutions.REQUEST_CANCEL, "stop", LATER, "x-5", "cruster:plans"),
        "cruster_executions_pkey");
  }

  @Test
  void statusChangesInACommitFindExecutionsByKey() throws SQLException {
    String plan =
        explain(
            "journal insert with status",
            CommitWriter.INSERT_JOURNAL_WITH_STATUS,
            text("x-5"),
            text("SLEEPING"),
            text("x-5"),
            connection.createArrayOf("int4", new Integer[] {99}),
            text("SLEEP"),
            text("sleep"),
            connection.createArrayOf("bytea", new byte[][] {{1}}),
            connection.createArrayOf("bool", new Boolean[] {false}),
            text("2025-01-02T00:00:00Z"));
    assertUses(plan, "cruster_executions_pkey");
  }

  @Test
  void purgingExecutionsReadsTheStatusIndexFromTheOldest() throws SQLException {
    assertUses(
        explain("execution purge", PgExecutions.PURGE, MID, MID, 500, 500),
        "cruster_executions_by_status",
        "cruster_journal_pkey",
        "cruster_requests_pkey");
  }
}
