package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.cruster.persistence.PostgresOptions;
import io.cruster.persistence.Storages;
import io.cruster.persistence.TestDatabase;
import io.cruster.persistence.spi.SqlTransaction;
import io.cruster.persistence.spi.Storage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner frozen inside a transaction must not hold its locks (the fencing check's share locks)
 * until it wakes up: the sessions of the storage's pool may idle in a transaction 2 s at most, and
 * an activity's own SQL transaction, whose handler runs between its statements, is not bounded.
 */
@Timeout(60)
class IdleInTransactionIT {

  private static String idleBound(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW idle_in_transaction_session_timeout")) {
      r.next();
      return r.getString(1);
    }
  }

  @Test
  void poolSessionsMayIdleInATransactionTwoSecondsAtMost() throws Exception {
    try (HikariDataSource pool = Pool.open(TestDatabase.url(), PostgresOptions.defaults());
        Connection c = pool.getConnection()) {
      assertEquals("2s", idleBound(c));
    }
  }

  @Test
  void anActivitysSqlTransactionIsNotBoundedWhileItsHandlerRuns() throws Exception {
    try (Storage storage = Storages.postgres(TestDatabase.url());
        SqlTransaction tx = storage.beginSql().orElseThrow()) {
      assertEquals("0", idleBound(tx.connection()));
    }
  }
}
