package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The PostgreSQL database of one storage- or cluster-benchmark run: a fresh database with a unique
 * name, created on the server of {@code CRUSTER_PG_URL} (from the environment, or from the {@code
 * .services/env} file that {@code scripts/services start} writes; see {@link ServicesEnv}) and
 * dropped when the run ends. Every scenario of the run, Cruster's side and the peer's, uses it.
 * Also reads the server's transaction counter, for write transactions per operation.
 */
final class BenchDatabase implements AutoCloseable {
  static final String URL_VARIABLE = "CRUSTER_PG_URL";
  private static final String PREFIX = "jdbc:postgresql://";

  /** No server to run against; the message says how to start one. */
  static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String serverUrl;
  private final String name;
  private final String url;

  /** Reads the transaction counter; not counted as Cruster's or the peer's round trips. */
  private final Connection probe;

  private boolean dropped;

  /** Databases created by this JVM so far (the second and later get a suffix). */
  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The URL of the database this JVM created (for its forked sides), or null. */
  private static volatile String created;

  private BenchDatabase(String serverUrl, String name) throws SQLException {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = withDatabase(serverUrl, name);
    this.probe = DriverManager.getConnection(url);
  }

  /** The JDBC URL of the database this JVM created, or null if it created none. */
  static String created() {
    return created;
  }

  /**
   * Creates the run's database ({@code cruster_bench_<time>_<pid>}) on the server of {@code
   * CRUSTER_PG_URL}; a shutdown hook drops it if the run ends without {@link #close()}.
   *
   * @throws UnavailableException when there is no URL or the server does not answer
   */
  static BenchDatabase create() {
    String attach = System.getProperty(Fork.DATABASE_PROPERTY);
    if (attach != null) {
      return attach(attach);
    }
    Source source = serverUrl();
    String name =
        "cruster_bench_"
            + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT))
            + "_"
            + ProcessHandle.current().pid()
            + (SEQUENCE.get() == 0 ? "" : "_" + SEQUENCE.get());
    SEQUENCE.incrementAndGet();
    try (Connection admin = DriverManager.getConnection(source.url());
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new UnavailableException(
          "cannot create a database on the PostgreSQL server of "
              + redact(source.url())
              + " ("
              + source.origin()
              + "): "
              + e.getMessage()
              + "\n"
              + HOW_TO_START,
          e);
    }
    try {
      BenchDatabase db = new BenchDatabase(source.url(), name);
      Runtime.getRuntime().addShutdownHook(new Thread(db::close, "bench-drop-database"));
      created = db.url();
      System.err.println(
          "PostgreSQL: database "
              + name
              + " on "
              + redact(source.url())
              + " ("
              + source.origin()
              + ")"
              + db.describeServer());
      return db;
    } catch (SQLException e) {
      dropQuietly(source.url(), name);
      throw new UnavailableException(
          "cannot connect to the new database " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The database at {@code url}, created by the harness's JVM (a forked side runs here): used as it
   * is, never dropped by this JVM.
   */
  private static BenchDatabase attach(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    String name = path.substring(path.lastIndexOf('/') + 1);
    try {
      BenchDatabase db = new BenchDatabase(url, name);
      db.dropped = true; // not ours to drop
      return db;
    } catch (SQLException e) {
      throw new UnavailableException("cannot connect to " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  static final String HOW_TO_START =
      "The storage and cluster benchmarks need a running PostgreSQL: start one with "
          + "`scripts/services start` (its URL goes to .services/env, found from the working directory upward), or set "
          + URL_VARIABLE
          + " (e.g. `source <(scripts/services env)`).";

  /** The JDBC URL of the run's database. */
  String url() {
    return url;
  }

  String name() {
    return name;
  }

  /** A new connection to the run's database, in autocommit mode; the caller closes it. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /**
   * The next transaction id the server will assign ({@code pg_snapshot_xmax} of a fresh snapshot):
   * the difference of two readings is the number of write transactions begun in between, on the
   * whole server (read-only ones get no id). Reading it assigns none.
   */
  synchronized long nextTransactionId() {
    try (Statement s = probe.createStatement();
        ResultSet r =
            s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new ScenarioFailedException(
          "reading the transaction counter of " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** The value of a server setting ({@code SHOW name}), or "?" if it cannot be read. */
  synchronized String setting(String setting) {
    try (Statement s = probe.createStatement();
        ResultSet r = s.executeQuery("SHOW " + setting)) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "?";
    }
  }

  private String describeServer() {
    return "; server "
        + setting("server_version")
        + ", fsync "
        + setting("fsync")
        + ", synchronous_commit "
        + setting("synchronous_commit")
        + ", shared_buffers "
        + setting("shared_buffers");
  }

  /** Drops the database (closing any connection still open to it). Idempotent. */
  @Override
  public synchronized void close() {
    try {
      probe.close();
    } catch (SQLException e) {
      // dropping forces it closed anyway
    }
    if (dropped) {
      return;
    }
    dropped = true;
    dropQuietly(serverUrl, name);
  }

  private static void dropQuietly(String serverUrl, String name) {
    try (Connection admin = DriverManager.getConnection(serverUrl);
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println(
          "warning: could not drop the benchmark database " + name + ": " + e.getMessage());
    }
  }

  // ---- finding the server

  private record Source(String url, String origin) {}

  /** {@code CRUSTER_PG_URL} from the environment, else from the nearest {@code .services/env}. */
  private static Source serverUrl() {
    ServicesEnv.Value found =
        ServicesEnv.find(URL_VARIABLE)
            .orElseThrow(
                () ->
                    new UnavailableException(
                        "no PostgreSQL to run against: "
                            + URL_VARIABLE
                            + " is not set and no .services/env was found from "
                            + ServicesEnv.searched()
                            + ".\n"
                            + HOW_TO_START,
                        null));
    return new Source(checked(found.value(), found.origin()), found.origin());
  }

  private static String checked(String url, String origin) {
    if (!url.startsWith(PREFIX)) {
      throw new UnavailableException(
          origin
              + " is not a PostgreSQL JDBC URL ("
              + PREFIX
              + "host:port/database?...): "
              + redact(url),
          null);
    }
    return url;
  }

  /** {@code url} with its database replaced by {@code database} (parameters kept). */
  static String withDatabase(String url, String database) {
    int hostEnd = url.indexOf('/', PREFIX.length());
    int query = url.indexOf('?', PREFIX.length());
    String params = query < 0 ? "" : url.substring(query);
    String hosts =
        hostEnd < 0 || (query >= 0 && hostEnd > query)
            ? url.substring(0, query < 0 ? url.length() : query)
            : url.substring(0, hostEnd);
    return hosts + "/" + database + params;
  }

  /** {@code url} with one more connection parameter. */
  static String withParameter(String url, String parameter) {
    return url + (url.indexOf('?') < 0 ? "?" : "&") + parameter;
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
  }
}
