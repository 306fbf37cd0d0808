package io.cruster.persistence.spi;

import java.util.List;

/**
 * The recorded steps of workflow executions. Entries are written only through {@link
 * Storage#commit(Commit)}, which refuses a step that is already recorded. Thread-safe.
 */
public interface WorkflowJournal {

  /**
   * The entries of the execution ordered by step, or an empty list if it has none. Blocks until the
   * store answers.
   */
  List<JournalEntry> entries(String executionId);

  /**
   * Deletes the journals of these executions (finished and purged). Blocks. The default keeps them.
   */
  default void delete(java.util.Collection<String> executionIds) {}

  /**
   * Deletes the entries of an execution from step {@code fromStep} on: a retried workflow runs the
   * failed step that ended its previous attempt again. Blocks.
   */
  void truncate(String executionId, int fromStep);
}
