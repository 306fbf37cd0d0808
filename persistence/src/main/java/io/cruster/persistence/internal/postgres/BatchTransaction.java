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
 * (reduced to a {@link CommitPlan}), then the ends of executions, then COMMIT, which returns once
 * the transaction is durable. The outcome is one of {@link Attempt}: applied (with a result per
 * write), a conflict (rolled back; nothing applied), or a failure (rolled back, or unknown when
 * COMMIT itself failed). Stateless; one call per transaction.
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
    return run(db, writes, () -> {});
  }

  /**
   * As {@link #run(Db, List)}; {@code committing} runs once the writes are sent and only the COMMIT
   * is left (not when the attempt is rolled back).
   */
  static Attempt run(Db db, List<Write> writes, Runnable committing) {
    Optional<OneStatement> one = OneStatement.of(writes);
    if (one.isPresent()) {
      Optional<Attempt> attempt = runAsOne(db, writes, one.get(), committing);
      if (attempt.isPresent()) {
        return attempt.get();
      }
      // A check failed (or the statement did not suit): the long way names the conflict.
    }
    Tx tx = null;
    try (Connection connection = db.connection()) {
      tx = new Tx(connection);
      connection.setAutoCommit(false);
      try {
        Attempt attempt = write(tx, writes);
        if (attempt instanceof Attempt.Applied) {
          committing.run();
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

  /**
   * The writes as one statement ({@link OneStatement}): alone in autocommit, one round trip with
   * its COMMIT; several in a transaction, so the next batch can start while this one commits. Empty
   * when the statement applied nothing and the writes must go the long way (a check failed, or the
   * database refused the statement for another reason than a lost connection).
   */
  private static Optional<Attempt> runAsOne(
      Db db, List<Write> writes, OneStatement one, Runnable committing) {
    boolean alone = writes.size() == 1;
    Tx tx = null;
    try (Connection connection = db.connection()) {
      tx = new Tx(connection);
      if (!alone) {
        connection.setAutoCommit(false);
      } else if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      try {
        OneStatement.Ran ran = one.run(tx);
        List<SaveOutcome> saved =
            one.saves().isEmpty()
                ? List.of()
                : SaveWriter.outcomes(tx, one.saves(), ran.inserted());
        if (!alone) {
          committing.run();
          tx.step("commit");
          connection.commit();
        }
        Iterator<SaveOutcome> savedInOrder = saved.iterator();
        List<Object> results = new ArrayList<>(writes.size());
        for (Write write : writes) {
          results.add(
              switch (write) {
                case Write.Save save -> savedInOrder.next();
                case Write.Apply apply -> null;
                case Write.Finish finish -> ran.finished().contains(finish.reply().requestId());
              });
        }
        return Optional.of(new Attempt.Applied(results));
      } catch (SQLException | RuntimeException e) {
        if (!alone) {
          rollbackQuietly(connection, e);
        }
        throw e;
      } finally {
        if (!alone) {
          restoreAutoCommit(connection);
        }
      }
    } catch (SQLException e) {
      if (Failures.isConnectionFailure(e) || "commit".equals(tx == null ? null : tx.step())) {
        String step = tx == null ? "getting a connection" : tx.step();
        return Optional.of(
            new Attempt.Failed(Failures.of(describe(writes) + " (at " + step + ")", e)));
      }
      return Optional.empty();
    } catch (StorageException e) {
      return Optional.of(new Attempt.Failed(e));
    }
  }

  /** The long way: saves, then commits, then ends of executions, each table in its statement. */
  private static Attempt write(Tx tx, List<Write> writes) throws SQLException {
    List<Write.Save> saves = new ArrayList<>();
    List<Commit> commits = new ArrayList<>();
    for (Write write : writes) {
      switch (write) {
        case Write.Save save -> saves.add(save);
        case Write.Apply apply -> commits.add(apply.commit());
        case Write.Finish finish -> {}
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
      switch (write) {
        case Write.Save save -> results.add(savedInOrder.next());
        case Write.Apply apply -> results.add(null);
        case Write.Finish finish -> {
          FinishWriter.Outcome outcome = FinishWriter.write(tx, finish);
          if (outcome.refused().isPresent()) {
            return new Attempt.Conflict(outcome.refused().get());
          }
          results.add(outcome.ended());
        }
      }
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
      case Write.Finish finish -> "end of execution " + finish.reply().requestId();
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
