package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  private static boolean retryable(String sqlState) {
    return Failures.isRetryable(new SQLException("boom", sqlState));
  }

  @Test
  void lostConnectionsShutdownsAndTimeoutsAreRetryable() {
    assertTrue(retryable("08006")); // connection failure
    assertTrue(retryable("08001")); // cannot connect
    assertTrue(retryable("57P01")); // admin shutdown
    assertTrue(retryable("57P03")); // cannot connect now (starting up)
    assertTrue(retryable("53300")); // too many connections
    assertTrue(retryable("40001")); // serialization failure
    assertTrue(retryable("40P01")); // deadlock
    assertTrue(retryable("55P03")); // lock timeout
    assertTrue(Failures.isRetryable(new SQLTransientConnectionException("pool timed out")));
  }

  @Test
  void constraintViolationsAndBadDataAreNotRetryable() {
    assertFalse(retryable("23505")); // unique violation
    assertFalse(retryable("23514")); // check violation
    assertFalse(retryable("22021")); // bad byte sequence
    assertFalse(retryable("42P01")); // no such table
    assertFalse(retryable(null));
  }

  @Test
  void theMessageNamesTheOperationAndTheSqlState() {
    StorageException e =
        Failures.of("insert into cruster_journal", new SQLException("duplicate key", "23505"));

    assertTrue(e.getMessage().contains("insert into cruster_journal"), e.getMessage());
    assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
    assertTrue(e.getMessage().contains("23505"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void onlyConnectionAndServerFailuresAffectAWholeBatch() {
    assertTrue(Failures.isConnectionFailure(new SQLException("gone", "08006")));
    assertTrue(Failures.isConnectionFailure(new SQLException("shutting down", "57P01")));
    assertTrue(Failures.isConnectionFailure(new SQLTransientConnectionException("pool timed out")));
    assertFalse(Failures.isConnectionFailure(new SQLException("deadlock", "40P01")));
    assertFalse(Failures.isConnectionFailure(new SQLException("duplicate key", "23505")));
    assertFalse(Failures.isConnectionFailure(new IllegalStateException("not SQL")));
  }
}
