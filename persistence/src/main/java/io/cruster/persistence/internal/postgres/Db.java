package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The DataSource of one PostgreSQL storage and its closed flag. Reads and single-statement writes
 * borrow a connection per call, in autocommit mode, and map any {@link SQLException} to a {@link
 * StorageException} naming the operation. Thread-safe: the flag is volatile and connections are
 * never shared between calls.
 */
final class Db {
  /** Work on a borrowed connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private volatile boolean closed;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void ensureOpen() {
    if (closed) {
      throw new StorageException("PostgreSQL storage is closed");
    }
  }

  /** Refuses every later call; calls in progress finish. */
  void close() {
    closed = true;
  }

  /**
   * Runs {@code work} on a connection in autocommit mode. On failure the message reads "{@code
   * what} {@code subject} failed: ...", so build neither string eagerly on hot paths: pass the
   * parts.
   */
  <T> T call(String what, Object subject, Work<T> work) {
    ensureOpen();
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw Failures.of(what + " " + subject, e);
    }
  }

  /**
   * Runs {@code work} in one transaction on a connection of its own: committed when it returns,
   * rolled back when it throws (its exception propagates; an {@link SQLException} mapped as in
   * {@link #call}).
   */
  <T> T transaction(String what, Object subject, Work<T> work) {
    ensureOpen();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw Failures.of(what + " " + subject, e);
    }
  }

  /** A list for a message: itself when short, else its size ("1024 shards"). */
  static Object describe(List<?> items, String noun) {
    return items.size() <= 8 ? items : items.size() + " " + noun;
  }

  /** A connection for a transaction of the caller's; the caller closes it. */
  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }
}
