package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.SaveOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Runs a batch of writes as one transaction: the saves first (one insert), then the commits
 * (reduced to a {@link CommitPlan}), then COMMIT, which returns once the transaction is durable.
 * The outcome is one of {@link Attempt}: applied (with a result per write), a conflict (rolled
 * back; nothing applied), or a failure (rolled back, or unknown when COMMIT itself failed).
 * Stateless; one call per transaction.
 */
final class BatchTransaction {

  /** What one transaction attempt came to. */
  sealed interface Attempt {
    /** Committed; {@code results} holds one entry per write, in order (null for a commit). */
    record Applied(List<Object> results) implements Attempt {}

    /**
     * A version, journal or fencing check failed; rolled back. {@code error} is what the write's
     * caller gets (a {@link io.cruster.persistence.FencedException} for a stale fencing token).
     */
    record Conflict(StorageException error) implements Attempt {}

    /**
     * The database failed; rolled back (or the outcome is unknown when the commit itself failed).
     */
    record Failed(StorageException error) implements Attempt {}
  }

  private BatchTransaction() {}

  static Attempt run(Db db, List<Write> writes) {
    Tx tx = null;
    try (Connection connection = db.connection()) {
      tx = new Tx(connection);
      connection.setAutoCommit(false);
      try {
        Attempt attempt = write(tx, writes);
        if (attempt instanceof Attempt.Applied) {
          tx.step("commit");
          connection.commit();
        } else {
          connection.rollback();
        }
        return attempt;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        restoreAutoCommit(connection);
      }
    } catch (SQLException e) {
      String step = tx == null ? "getting a connection" : tx.step();
      return new Attempt.Failed(Failures.of(describe(writes) + " (at " + step + ")", e));
    } catch (StorageException e) {
      return new Attempt.Failed(e);
    }
  }

  private static Attempt write(Tx tx, List<Write> writes) throws SQLException {
    List<Write.Save> saves = new ArrayList<>();
    List<Commit> commits = new ArrayList<>();
    for (Write write : writes) {
      switch (write) {
        case Write.Save save -> saves.add(save);
        case Write.Apply apply -> commits.add(apply.commit());
      }
    }
    List<SaveOutcome> saved = saves.isEmpty() ? List.of() : SaveWriter.save(tx, saves);
    if (!commits.isEmpty()) {
      Optional<StorageException> conflict = CommitWriter.apply(tx, CommitPlan.of(commits));
      if (conflict.isPresent()) {
        return new Attempt.Conflict(conflict.get());
      }
    }
    Iterator<SaveOutcome> savedInOrder = saved.iterator();
    List<Object> results = new ArrayList<>(writes.size());
    for (Write write : writes) {
      results.add(write instanceof Write.Save ? savedInOrder.next() : null);
    }
    return new Attempt.Applied(results);
  }

  /** Names what failed: the one write, or the batch. */
  private static String describe(List<Write> writes) {
    if (writes.size() > 1) {
      return "group commit of " + writes.size() + " writes";
    }
    return switch (writes.get(0)) {
      case Write.Save save -> "save of request " + save.request().requestId();
      case Write.Apply apply ->
          "commit" + apply.commit().state().map(s -> " of " + s.address()).orElse("");
    };
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      // A broken connection; the pool will drop it.
    }
  }
}
