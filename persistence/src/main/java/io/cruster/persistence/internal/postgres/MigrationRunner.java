package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.Migration;
import io.cruster.persistence.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies migrations on one connection holding a session-level advisory lock: creates the version
 * table if missing, checks the checksums of the recorded migrations, then applies each missing one
 * in its own transaction together with its version row. The lock wait is bounded by {@code
 * lock_timeout}, restored to the session's value afterwards. One runner per call; not shared
 * between threads.
 */
public final class MigrationRunner {
  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

  private final DataSource dataSource;
  private final long lockKey;
  private final String versionTable;
  private final Duration lockTimeout;

  /** A runner for one {@link #apply} call. Never blocks. */
  public MigrationRunner(
      DataSource dataSource, long lockKey, String versionTable, Duration lockTimeout) {
    this.dataSource = dataSource;
    this.lockKey = lockKey;
    this.versionTable = versionTable;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Applies the missing ones of {@code migrations} (in version order); returns those it applied.
   */
  public List<Migration> apply(List<Migration> migrations) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      lock(connection);
      try {
        return applyLocked(connection, migrations);
      } finally {
        unlock(connection);
      }
    } catch (SQLException e) {
      throw Failures.of("applying migrations", e);
    }
  }

  private List<Migration> applyLocked(Connection connection, List<Migration> migrations)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + versionTable
              + " ("
              + "version integer NOT NULL PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
              + "applied_at timestamptz NOT NULL DEFAULT now(), execution_ms bigint NOT NULL)");
    }
    Map<Integer, String> recorded = recorded(connection);
    for (Migration migration : migrations) {
      String checksum = recorded.get(migration.version());
      if (checksum != null && !checksum.equals(migration.checksum())) {
        throw new StorageException(
            "migration "
                + migration.fileName()
                + " was changed after it was applied "
                + "to this database: "
                + versionTable
                + " records checksum "
                + checksum
                + ", the packaged script "
                + "has "
                + migration.checksum()
                + ". Restore the applied script and put the change in a new "
                + "migration with a higher version.");
      }
    }
    List<Migration> applied = new ArrayList<>();
    for (Migration migration : migrations) {
      if (!recorded.containsKey(migration.version())) {
        applyOne(connection, migration);
        applied.add(migration);
      }
    }
    return List.copyOf(applied);
  }

  private Map<Integer, String> recorded(Connection connection) throws SQLException {
    Map<Integer, String> recorded = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + versionTable)) {
      while (rows.next()) {
        recorded.put(rows.getInt(1), rows.getString(2));
      }
    }
    return recorded;
  }

  private void applyOne(Connection connection, Migration migration) {
    long started = System.nanoTime();
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(migration.sql());
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + versionTable
                  + " (version, name, checksum, execution_ms) VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, migration.version());
        insert.setString(2, migration.name());
        insert.setString(3, migration.checksum());
        insert.setLong(4, millis);
        insert.executeUpdate();
      }
      connection.commit();
      connection.setAutoCommit(true);
      log.info("{}: applied migration {} in {} ms", versionTable, migration.fileName(), millis);
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw Failures.of("migration " + migration.fileName() + " (rolled back)", e);
    }
  }

  private void lock(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', ?, false)")) {
      statement.setString(1, lockTimeout.toMillis() + "ms");
      String previous;
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        previous = row.getString(1);
      }
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, lockKey);
        lock.execute();
      } catch (SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
          throw new StorageException(
              "waited "
                  + lockTimeout
                  + " for the migration advisory lock "
                  + lockKey
                  + " without getting it: another node is still migrating (or holds the lock)",
              e,
              true);
        }
        throw e;
      } finally {
        try (PreparedStatement restore =
            connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
          restore.setString(1, previous);
          restore.execute();
        }
      }
    }
  }

  private void unlock(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, lockKey);
        unlock.execute();
      }
    } catch (SQLException e) {
      // The lock belongs to the session: end it, so a pool cannot keep the lock in an idle
      // connection.
      log.warn(
          "{}: could not release the migration advisory lock {}; closing the connection: {}",
          versionTable,
          lockKey,
          e.getMessage());
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException abortFailure) {
        log.debug("{}: aborting the connection failed too", versionTable, abortFailure);
      }
    }
  }

  private static void rollbackQuietly(Connection connection, SQLException cause) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
