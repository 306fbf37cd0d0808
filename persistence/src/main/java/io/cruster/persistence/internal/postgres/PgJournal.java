package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.WorkflowJournal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * {@link WorkflowJournal} on cruster_journal; written only by {@link CommitWriter}. Thread-safe.
 */
final class PgJournal implements WorkflowJournal {
  static final String ENTRIES =
      "SELECT "
          + Rows.JOURNAL_COLUMNS
          + " FROM cruster_journal WHERE execution_id = ? ORDER BY step";

  private static final String DELETE =
      "DELETE FROM cruster_journal WHERE execution_id = ANY(?::text[])";

  private static final String TRUNCATE =
      "DELETE FROM cruster_journal WHERE execution_id = ? AND step >= ?";

  private final Db db;

  PgJournal(Db db) {
    this.db = db;
  }

  @Override
  public List<JournalEntry> entries(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return db.call(
        "read of cruster_journal for execution",
        executionId,
        c -> {
          try (PreparedStatement select = c.prepareStatement(ENTRIES)) {
            select.setString(1, executionId);
            List<JournalEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                entries.add(Rows.journalEntry(rows));
              }
            }
            return List.copyOf(entries);
          }
        });
  }

  @Override
  public void delete(Collection<String> executionIds) {
    List<String> ids = List.copyOf(Objects.requireNonNull(executionIds, "executionIds"));
    db.ensureOpen();
    if (ids.isEmpty()) {
      return;
    }
    db.call(
        "delete from cruster_journal of executions",
        Db.describe(ids, "executions"),
        c -> {
          try (PreparedStatement delete = c.prepareStatement(DELETE)) {
            delete.setArray(1, SqlArrays.text(c, ids, id -> id));
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public void truncate(String executionId, int fromStep) {
    Objects.requireNonNull(executionId, "executionId");
    db.call(
        "truncation of cruster_journal for execution",
        executionId,
        c -> {
          try (PreparedStatement delete = c.prepareStatement(TRUNCATE)) {
            delete.setString(1, executionId);
            delete.setInt(2, fromStep);
            return delete.executeUpdate();
          }
        });
  }
}
