package io.cruster.persistence.internal.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the SQL arrays that multi-row statements unnest: one array per column, so a batch of any
 * size is one statement with a fixed number of parameters. Instants travel as ISO-8601 text (cast
 * to timestamptz in SQL), truncated to the microsecond that PostgreSQL keeps. Stateless.
 */
final class SqlArrays {
  private SqlArrays() {}

  static <T> Array text(Connection c, List<T> rows, Function<T, String> column)
      throws SQLException {
    return c.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
  }

  static <T> Array ints(Connection c, List<T> rows, Function<T, Integer> column)
      throws SQLException {
    return c.createArrayOf("int4", rows.stream().map(column).toArray(Integer[]::new));
  }

  static <T> Array longs(Connection c, List<T> rows, Function<T, Long> column) throws SQLException {
    return c.createArrayOf("int8", rows.stream().map(column).toArray(Long[]::new));
  }

  static <T> Array bools(Connection c, List<T> rows, Function<T, Boolean> column)
      throws SQLException {
    return c.createArrayOf("bool", rows.stream().map(column).toArray(Boolean[]::new));
  }

  static <T> Array bytes(Connection c, List<T> rows, Function<T, byte[]> column)
      throws SQLException {
    return c.createArrayOf("bytea", rows.stream().map(column).toArray(byte[][]::new));
  }

  static <T> Array times(Connection c, List<T> rows, Function<T, Instant> column)
      throws SQLException {
    return c.createArrayOf("text", rows.stream().map(column).map(Rows::iso).toArray(String[]::new));
  }
}
