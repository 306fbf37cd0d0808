package io.cruster.persistence.internal.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.cruster.persistence.PostgresOptions;
import io.cruster.persistence.StorageException;
import java.util.regex.Pattern;

/**
 * Builds the HikariCP pool of a storage created from a JDBC URL. The pool connects once while it is
 * built, so an unreachable database fails here, with a message naming the URL (its password
 * masked). Stateless.
 */
public final class Pool {
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]*:)[^/@]*@");

  /**
   * How long PostgreSQL lets a session of this pool sit idle inside a transaction before it ends
   * the session (rolling the transaction back): {@code idle_in_transaction_session_timeout}. A
   * runner frozen mid-commit (SIGSTOP, a long GC pause) holds the share locks of its fencing check;
   * without a bound, the runner taking over its shards would wait for it to wake up before it can
   * begin their new epochs. Cruster's own transactions send their statements back to back; an
   * activity's SQL transaction lifts the bound while its handler runs ({@link PgSqlTransaction}).
   */
  static final long IDLE_IN_TRANSACTION_MILLIS = 2_000;

  private Pool() {}

  /**
   * A started pool of at most {@code options.poolSize()} connections to {@code jdbcUrl}.
   *
   * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
   * @throws StorageException when the database cannot be reached (retryable) or the pool cannot be
   *     set up
   */
  public static HikariDataSource open(String jdbcUrl, PostgresOptions options) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + redact(jdbcUrl));
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("cruster-postgres");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(options.poolSize());
    config.setConnectionTimeout(options.connectTimeout().toMillis());
    // One attempt at start: a caller that wants to wait for the database (SingleRunner) retries
    // with backoff.
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("ApplicationName", "cruster");
    config.setConnectionInitSql(
        "SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_MILLIS);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StorageException(
          "cannot connect to PostgreSQL at " + redact(jdbcUrl) + ": " + rootMessage(e), e, true);
    } catch (RuntimeException e) {
      throw new StorageException(
          "cannot set up a connection pool for PostgreSQL at "
              + redact(jdbcUrl)
              + ": "
              + rootMessage(e),
          e,
          false);
    }
  }

  /** The URL with any password replaced by {@code ***}. */
  public static String redact(String jdbcUrl) {
    String masked = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
