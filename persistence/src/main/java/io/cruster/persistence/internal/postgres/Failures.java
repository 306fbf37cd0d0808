package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.StorageException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Turns {@link SQLException}s into {@link StorageException}s naming the operation (and with it the
 * table), and decides which are retryable: lost or refused connections, a server shutting down or
 * out of resources, serialization failures, deadlocks and lock or statement timeouts may succeed
 * when tried again; constraint violations, bad data and version conflicts never do. Stateless.
 */
final class Failures {
  /** SQLState classes (first two characters) whose errors are worth retrying. */
  private static final Set<String> RETRYABLE_CLASSES =
      Set.of(
          "08", // connection exception
          "53", // insufficient resources (too many connections, disk full, out of memory)
          "57"); // operator intervention: admin/crash shutdown (57P01/57P02), cannot connect now

  // (57P03), canceled

  private static final Set<String> RETRYABLE_STATES =
      Set.of(
          "40001", // serialization failure
          "40P01", // deadlock detected
          "55P03"); // lock not available (lock_timeout)

  private Failures() {}

  /**
   * A StorageException for {@code operation} failing with {@code e}, retryable when {@code e} is.
   */
  static StorageException of(String operation, SQLException e) {
    String state = e.getSQLState();
    return new StorageException(
        "PostgreSQL storage: "
            + operation
            + " failed: "
            + e.getMessage()
            + (state == null ? "" : " [SQLState " + state + "]"),
        e,
        isRetryable(e));
  }

  /**
   * Whether the failure is the connection's or the server's, not the statement's: lost or refused
   * connections, a server shutting down or out of resources. Retrying other writes on it is
   * pointless.
   */
  static boolean isConnectionFailure(Throwable e) {
    if (!(e instanceof SQLException sql)) {
      return false;
    }
    if (sql instanceof java.sql.SQLTransientConnectionException
        || sql instanceof SQLRecoverableException) {
      return true;
    }
    String state = sql.getSQLState();
    if (state == null || state.length() < 2) {
      return sql.getCause() instanceof java.io.IOException || isConnectionFailure(sql.getCause());
    }
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
  }

  static boolean isRetryable(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null || state.length() < 2) {
      // No state: an I/O failure wrapped by the driver or the pool looks like this; its cause
      // tells.
      return e.getCause() instanceof SQLException cause && isRetryable(cause)
          || e.getCause() instanceof java.io.IOException;
    }
    return RETRYABLE_CLASSES.contains(state.substring(0, 2)) || RETRYABLE_STATES.contains(state);
  }
}
