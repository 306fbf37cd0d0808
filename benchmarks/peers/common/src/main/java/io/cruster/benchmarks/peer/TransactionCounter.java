package io.cruster.benchmarks.peer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Write transactions on the whole PostgreSQL server (its transaction counter), read on a connection
 * of its own; -1 throughout without a database.
 */
final class TransactionCounter implements AutoCloseable {
  private final Connection connection;

  private TransactionCounter(Connection connection) {
    this.connection = connection;
  }

  static TransactionCounter open(Optional<String> url) throws SQLException {
    return new TransactionCounter(url.isPresent() ? DriverManager.getConnection(url.get()) : null);
  }

  long next() throws SQLException {
    if (connection == null) {
      return -1;
    }
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
