package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.JournalEntry;
import java.util.HashSet;
import java.util.Set;

/** The checks of a commit that need no database: done before it is queued. Stateless. */
final class CommitChecks {
  private record Step(String executionId, int step) {}

  private CommitChecks() {}

  /** Throws (not retryable) when one (execution, step) appears twice in the commit. */
  static void check(Commit commit) {
    Set<Step> steps = new HashSet<>();
    for (JournalEntry entry : commit.journal()) {
      if (!steps.add(new Step(entry.executionId(), entry.step()))) {
        throw new StorageException(
            "journal step "
                + entry.step()
                + " of execution "
                + entry.executionId()
                + " appears twice in one commit; nothing was committed");
      }
    }
  }
}
