package io.cruster.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one test, created on the PostgreSQL server of the integration tests
 * ({@link TestServices#postgresUrl()}) and dropped, with whatever connections killed processes
 * left, by {@link #close()}. Without a server the test fails, saying how to start PostgreSQL; it
 * never skips. Thread-safe; every method blocks for a connection and one statement.
 */
public final class FreshDatabase implements AutoCloseable {
  /** jdbc:postgresql://host[:port][,host2...]/database[?params]: group 2 is the database name. */
  private static final Pattern DATABASE_IN_URL =
      Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

  private final String serverUrl;
  private final String name;
  private final String url;

  private FreshDatabase(String serverUrl, String name, String url) {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = url;
  }

  /**
   * Creates an empty database named {@code <prefix>_<random>}; {@code prefix} is letters, digits
   * and {@code _}.
   */
  public static FreshDatabase create(String prefix) {
    if (!prefix.matches("[a-z][a-z0-9_]{0,30}")) {
      throw new IllegalArgumentException(
          "database prefix must be lower-case letters, digits and _, was " + prefix);
    }
    String server = TestServices.postgresUrl();
    String name = prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Matcher m = DATABASE_IN_URL.matcher(server);
    if (!m.matches()) {
      throw new IllegalStateException(
          TestServices.POSTGRES_URL_VARIABLE
              + " is not a jdbc:postgresql://host:port/database URL: "
              + server);
    }
    execute(server, "CREATE DATABASE " + name);
    return new FreshDatabase(server, name, m.group(1) + name + m.group(3));
  }

  /** The JDBC URL of this database. */
  public String url() {
    return url;
  }

  /** Its name. */
  public String name() {
    return name;
  }

  /** Runs one statement that returns no rows. */
  public void execute(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "test database " + name + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The single number that {@code sql} selects. */
  public long number(String sql, Object... params) {
    return ((Number) query(sql, params).get(0).get(0)).longValue();
  }

  /** The rows {@code sql} selects, each a list of column values. */
  public List<List<Object>> query(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s = c.prepareStatement(sql)) {
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
      throw new IllegalStateException(
          "test database " + name + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  /** Drops the database, closing the connections still open to it. */
  @Override
  public void close() {
    execute(serverUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL of the tests (" + url + "): " + sql + ": " + e.getMessage(), e);
    }
  }
}
