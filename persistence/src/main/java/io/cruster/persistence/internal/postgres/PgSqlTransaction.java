package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.SqlTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * An activity's own transaction: the user's statements and then the activity's commit on one
 * connection, committed at once (outside group commit: the user's work cannot share a transaction
 * with others). After {@link #commit} or {@link #close} the connection goes back to the pool. Not
 * thread-safe: one activity, one thread.
 */
final class PgSqlTransaction implements SqlTransaction {
  private final Db db;
  private Connection connection;

  private PgSqlTransaction(Db db, Connection connection) {
    this.db = db;
    this.connection = connection;
  }

  static PgSqlTransaction begin(Db db) {
    db.ensureOpen();
    Connection connection = null;
    try {
      connection = db.connection();
      connection.setAutoCommit(false);
      // The handler runs between this transaction's statements for as long as it takes: lift the
      // pool's bound on idling in a transaction until the commit (restored there).
      setIdleBound(connection, 0);
      return new PgSqlTransaction(db, connection);
    } catch (SQLException e) {
      if (connection != null) {
        closeQuietly(connection, e);
      }
      throw Failures.of("opening an activity's SQL transaction", e);
    }
  }

  @Override
  public Connection connection() {
    return open();
  }

  @Override
  public void commit(Commit commit) {
    Connection c = open();
    db.ensureOpen();
    CommitChecks.check(commit);
    Tx tx = new Tx(c);
    try {
      // A fenced commit is checked even when it writes nothing: the user's SQL must not land.
      if (!commit.isEmpty() || commit.fence().isPresent()) {
        tx.step("bounding the idle time of the commit");
        setIdleBound(c, Pool.IDLE_IN_TRANSACTION_MILLIS); // it takes the fencing share locks
        Optional<StorageException> conflict =
            CommitWriter.apply(tx, CommitPlan.of(List.of(commit)));
        if (conflict.isPresent()) {
          c.rollback();
          StorageException e = conflict.get();
          if (e instanceof FencedException f) {
            throw new FencedException(
                f.getMessage() + " (the activity's own SQL was rolled back too)",
                f.shard(),
                f.epoch(),
                f.currentEpoch());
          }
          throw new StorageException(
              e.getMessage() + " (the activity's own SQL was rolled back too)");
        }
      }
      tx.step("commit");
      c.commit();
    } catch (SQLException e) {
      throw Failures.of("commit of an activity's SQL transaction (at " + tx.step() + ")", e);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    Connection c = connection;
    if (c == null) {
      return;
    }
    connection = null;
    try {
      c.rollback(); // nothing to undo after a commit
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // A broken connection: the pool drops it when it is closed below.
    }
    closeQuietly(c, null);
  }

  /** {@code SET LOCAL idle_in_transaction_session_timeout}: for the rest of the transaction. */
  private static void setIdleBound(Connection c, long millis) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute("SET LOCAL idle_in_transaction_session_timeout = " + millis);
    }
  }

  private Connection open() {
    if (connection == null) {
      throw new IllegalStateException("this SQL transaction is already committed or closed");
    }
    return connection;
  }

  private static void closeQuietly(Connection connection, Exception primary) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }
}
