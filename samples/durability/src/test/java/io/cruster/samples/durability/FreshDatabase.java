package io.cruster.samples.durability;

import io.cruster.testkit.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one test, created on the PostgreSQL server of the integration tests and dropped (with
 * whatever connections a killed application left) by {@link #close()}.
 *
 * <p>The server is the one {@link TestServices#postgresUrl()} finds; without one the test fails, saying how to
 * start PostgreSQL; it never skips.
 */
final class FreshDatabase implements AutoCloseable {
  /** jdbc:postgresql://host[:port][,host2...]/database[?params]: group 2 is the database name. */
  private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

  private final String serverUrl;
  private final String name;
  private final String url;

  private FreshDatabase(String serverUrl, String name, String url) {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = url;
  }

  /** Creates an empty database named {@code durability_<random>}. */
  static FreshDatabase create() {
    String server = serverUrl();
    String name = "durability_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Matcher m = DATABASE_IN_URL.matcher(server);
    if (!m.matches()) {
      throw new IllegalStateException(TestServices.POSTGRES_URL_VARIABLE + " is not a jdbc:postgresql://host:port/database URL: " + server);
    }
    execute(server, "CREATE DATABASE " + name);
    return new FreshDatabase(server, name, m.group(1) + name + m.group(3));
  }

  /** The JDBC URL of this database, for the application. */
  String url() {
    return url;
  }

  /** The single number that {@code sql} selects. */
  long number(String sql, Object... params) {
    return ((Number) query(sql, params).get(0).get(0)).longValue();
  }

  /** How many rows each step of job {@code entityId} left in side_effects, by step. */
  Map<Integer, Long> stepCounts(String entityId) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (List<Object> row : query("SELECT step, count(*) FROM side_effects WHERE entity_id = ? GROUP BY step", entityId)) {
      counts.put(((Number) row.get(0)).intValue(), ((Number) row.get(1)).longValue());
    }
    return counts;
  }

  /** The rows of side_effects for job {@code entityId}, in the order they committed, as text for messages. */
  String sideEffects(String entityId) {
    StringBuilder text = new StringBuilder();
    for (List<Object> row : query(
        "SELECT step, execution_id, at FROM side_effects WHERE entity_id = ? ORDER BY at, step", entityId)) {
      text.append("\n  ").append(row);
    }
    return text.isEmpty() ? " (none)" : text.toString();
  }

  /** The rows {@code sql} selects, each a list of column values. */
  List<List<Object>> query(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<Object> row = new ArrayList<>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(r.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("test database " + name + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL of the tests (" + url + "): " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The URL of the tests' PostgreSQL server (see {@link TestServices#postgresUrl()}). */
  static String serverUrl() {
    return TestServices.postgresUrl();
  }
}
