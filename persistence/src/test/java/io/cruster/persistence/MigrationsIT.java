package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.spi.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The migration runner against real PostgreSQL, each test in a fresh, empty schema. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationsIT {
  private TestDatabase database;

  @BeforeEach
  void createSchema() {
    database = TestDatabase.create("migrations");
  }

  @AfterEach
  void dropSchema() {
    database.close();
  }

  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
      select.setString(1, database.schema());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    return tables;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void applyCreatesTheCrusterTablesAndIsIdempotent() throws SQLException {
    assertEquals(Migrations.sql(), Migrations.apply(database.dataSource()));

    assertEquals(List.of(), Migrations.apply(database.dataSource()));

    assertEquals(
        List.of(
            "cruster_deferreds",
            "cruster_entity_state",
            "cruster_executions",
            "cruster_journal",
            "cruster_requests",
            "cruster_schema_version",
            "cruster_shard_epochs",
            "cruster_timers",
            "cruster_trait_state"),
        tables());
    assertEquals(Migrations.sql().size(), count("SELECT count(*) FROM cruster_schema_version"));
  }

  @Test
  void theVersionTableRecordsVersionNameChecksumAndTime() throws SQLException {
    OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
    Migrations.apply(database.dataSource());

    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, name, checksum, applied_at, execution_ms "
                    + "FROM cruster_schema_version ORDER BY version")) {
      for (Migration migration : Migrations.sql()) {
        assertTrue(rows.next());
        assertEquals(migration.version(), rows.getInt("version"));
        assertEquals(migration.name(), rows.getString("name"));
        assertEquals(migration.checksum(), rows.getString("checksum"));
        assertTrue(rows.getObject("applied_at", OffsetDateTime.class).isAfter(before));
        assertTrue(rows.getLong("execution_ms") >= 0);
      }
      assertFalse(rows.next());
    }
  }

  @Test
  void fourNodesMigratingAtOnceApplyEachMigrationOnce() throws Exception {
    CyclicBarrier start = new CyclicBarrier(4);
    List<Future<List<Migration>>> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        results.add(
            executor.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return Migrations.apply(database.dataSource());
                }));
      }
    }

    List<Migration> applied = new ArrayList<>();
    for (Future<List<Migration>> result : results) {
      applied.addAll(result.get());
    }
    assertEquals(Migrations.sql(), applied);
    assertEquals(Migrations.sql().size(), count("SELECT count(*) FROM cruster_schema_version"));
  }

  @Test
  void aMigrationChangedAfterItWasAppliedIsRefused() {
    Migrations.apply(database.dataSource());
    database.execute(
        "UPDATE cruster_schema_version SET checksum = 'sha256:0000' WHERE version = 1");

    StorageException e =
        assertThrows(StorageException.class, () -> Migrations.apply(database.dataSource()));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("V0001__init.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
    assertTrue(e.getMessage().contains("sha256:0000"), e.getMessage());
  }

  @Test
  void anotherNodeHoldingTheLockMakesApplyWaitThenFailRetryably() throws SQLException {
    try (Connection holder = database.dataSource().getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, Migrations.ADVISORY_LOCK_KEY);
      lock.execute();
      try {
        StorageException e =
            assertThrows(
                StorageException.class,
                () -> Migrations.apply(database.dataSource(), Duration.ofMillis(300)));

        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("advisory lock"), e.getMessage());
      } finally {
        try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          unlock.setLong(1, Migrations.ADVISORY_LOCK_KEY);
          unlock.execute();
        }
      }
    }
    assertEquals(Migrations.sql(), Migrations.apply(database.dataSource()));
  }

  @Test
  void aStorageStartedWithoutMigrationsLeavesTheSchemaAlone() throws SQLException {
    PostgresOptions noMigrations = PostgresOptions.defaults().withRunMigrations(false);

    try (Storage storage = Storages.postgres(database.dataSource(), noMigrations)) {
      assertEquals(List.of(), tables());
      StorageException e =
          assertThrows(StorageException.class, () -> storage.messages().find("r-1"));
      assertTrue(e.getMessage().contains("cruster_requests"), e.getMessage());
      assertFalse(e.isRetryable());
    }
  }

  @Test
  void theScriptsRunByAnotherToolCanLaterBeAdoptedByTheRunner() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement()) {
      for (Migration migration : Migrations.sql()) {
        statement.execute(migration.sql());
      }
    }

    assertEquals(Migrations.sql(), Migrations.apply(database.dataSource()));
  }

  @Test
  void workflowsThatRanBeforeV0002GetExecutionRecords() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement()) {
      statement.execute(Migrations.sql().get(0).sql()); // V0001 only, then rows of that era
      statement.execute(
          """
          INSERT INTO cruster_requests (request_id, entity_type, entity_id, shard_group, shard_id, tag,
            payload, dedupe_key, expects_reply, created_at, deliver_at, status, failures, last_error,
            reply_failure, reply_payload, reply_at)
          VALUES
            ('done', 'Order', 'o1', 'default', 1, 'Order.Place', '\\x01', 'done', true,
              '2025-01-01', '2025-01-01', 'DONE', 0, NULL, false, '\\x02', '2025-01-02'),
            ('sleeping', 'Order', 'o2', 'default', 2, 'Order.Place', '\\x01', 'sleeping', true,
              '2025-01-01', '2025-01-01', 'PENDING', 0, NULL, NULL, NULL, NULL),
            ('dead', 'Order', 'o3', 'default', 3, 'Order.Place', '\\x01', 'dead', true,
              '2025-01-01', '2025-01-01', 'DEAD_LETTER', 10, 'boom', NULL, NULL, NULL),
            ('activity', 'Order', 'o4', 'default', 4, 'Order.Charge', '\\x01', 'activity', true,
              '2025-01-01', '2025-01-01', 'DONE', 0, NULL, false, '\\x02', '2025-01-02')""");
      statement.execute(
          """
          INSERT INTO cruster_journal VALUES
            ('done', 1, 'ACTIVITY', 'Order.Charge', '\\x01', false, '2025-01-01'),
            ('sleeping', 1, 'SLEEP', 'sleep', '\\x01', false, '2025-01-01'),
            ('dead', 1, 'ACTIVITY', 'Order.Charge', '\\x01', true, '2025-01-01')""");
      statement.execute(
          "INSERT INTO cruster_timers VALUES ('sleeping/1', 'Order', 'o2', 'default', 2, 'sleeping', 1,"
              + " '2025-02-01')");
    }

    Migrations.apply(database.dataSource());

    List<String> records = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT execution_id, status, ended_at IS NOT NULL, failure LIKE '%boom%' "
                    + "FROM cruster_executions ORDER BY execution_id")) {
      while (rows.next()) {
        records.add(
            rows.getString(1)
                + " "
                + rows.getString(2)
                + " "
                + rows.getBoolean(3)
                + " "
                + rows.getBoolean(4));
      }
    }
    assertEquals(
        List.of(
            "dead FAILED true true", "done COMPLETED true false", "sleeping SLEEPING false false"),
        records);
  }
}
