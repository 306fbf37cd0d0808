package io.cruster.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL of the integration tests, with one schema of its own per test class (or test), so
 * tests neither see each other's rows nor the tables of other modules' tests in the same database.
 *
 * <p>The JDBC URL comes from {@value #URL_VARIABLE}, else from the {@code env} file written by
 * {@code scripts/services start} (in {@code $CRUSTER_SERVICES_DIR}, or the nearest {@code
 * .services/} above the working directory) — the lookup of the testkit's TestServices, which this
 * module cannot depend on. No URL is a test failure with a message saying how to start PostgreSQL,
 * never a skip.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String URL_VARIABLE = "CRUSTER_PG_URL";
  private static final String SERVICES_DIR_VARIABLE = "CRUSTER_SERVICES_DIR";
  private static final String START_HINT =
      "Start the services with 'scripts/services start' (from the "
          + "repository root) and re-run, or run the build through 'scripts/test', which starts and stops them "
          + "itself.";
  private static final List<String> TABLES =
      List.of(
          "cruster_requests",
          "cruster_trait_state",
          "cruster_entity_state",
          "cruster_journal",
          "cruster_deferreds",
          "cruster_timers",
          "cruster_executions",
          "cruster_shard_epochs");

  private final String schema;
  private final HikariDataSource dataSource;

  private TestDatabase(String schema, HikariDataSource dataSource) {
    this.schema = schema;
    this.dataSource = dataSource;
  }

  /** A fresh, empty schema {@code cruster_it_<name>} and a pool whose connections use it. */
  public static TestDatabase create(String name) {
    String schema = "cruster_it_" + name;
    try (HikariDataSource admin = pool(null, 1)) {
      execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
    }
    return new TestDatabase(schema, pool(schema, 12));
  }

  /** The JDBC URL of the test database. */
  public static String url() {
    Map<String, String> environment = System.getenv();
    String url = environment.get(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return url.strip();
    }
    Path start = Path.of("").toAbsolutePath();
    Optional<Path> envFile = envFile(environment, start);
    if (envFile.isEmpty()) {
      throw new IllegalStateException(
          "PostgreSQL is not available to the tests: "
              + URL_VARIABLE
              + " is not set and no .services/env file was found in "
              + start
              + " or its parents. "
              + START_HINT);
    }
    return readVariable(envFile.get())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "PostgreSQL is not available to the tests: "
                        + URL_VARIABLE
                        + " is not set and "
                        + envFile.get()
                        + " does not define it. "
                        + START_HINT));
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public String schema() {
    return schema;
  }

  /** Empties the cruster_ tables of the schema (which must exist: run the migrations first). */
  public void truncate() {
    execute(dataSource, "TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY");
  }

  /** Runs each statement in autocommit mode. */
  public void execute(String... sql) {
    execute(dataSource, sql);
  }

  @Override
  public void close() {
    dataSource.close();
    try (HikariDataSource admin = pool(null, 1)) {
      execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static HikariDataSource pool(String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setMaximumPoolSize(size);
    config.setPoolName("test-" + (schema == null ? "admin" : schema));
    if (schema != null) {
      config.setSchema(schema);
    }
    return new HikariDataSource(config);
  }

  private static void execute(HikariDataSource dataSource, String... sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + e.getMessage(), e);
    }
  }

  private static Optional<Path> envFile(Map<String, String> environment, Path start) {
    String servicesDir = environment.get(SERVICES_DIR_VARIABLE);
    if (servicesDir != null && !servicesDir.isBlank()) {
      Path file = Path.of(servicesDir.strip(), "env");
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(".services").resolve("env");
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /** The last {@code [export ]CRUSTER_PG_URL=value} of the file, one level of quotes removed. */
  private static Optional<String> readVariable(Path envFile) {
    String result = null;
    try {
      for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
        String text = line.strip();
        if (text.startsWith("export ")) {
          text = text.substring("export ".length()).strip();
        }
        if (text.startsWith(URL_VARIABLE + "=")) {
          String value = text.substring(URL_VARIABLE.length() + 1).strip();
          if (value.length() >= 2
              && (value.charAt(0) == '\'' || value.charAt(0) == '"')
              && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
          }
          result = value.isBlank() ? null : value;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + envFile, e);
    }
    return Optional.ofNullable(result);
  }
}
