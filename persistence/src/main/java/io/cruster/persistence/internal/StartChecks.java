package io.cruster.persistence.internal;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.RequestRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The argument checks of {@code ExecutionStore.start}, shared by its implementations. */
public final class StartChecks {
  private StartChecks() {}

  /**
   * Checks the arguments of a start; returns a copy of {@code journal}.
   *
   * @throws NullPointerException when an argument or a journal entry is null
   * @throws IllegalArgumentException when a journal entry belongs to another execution
   */
  public static List<JournalEntry> checked(
      RequestRecord request, Optional<String> restartedFrom, List<JournalEntry> journal) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(restartedFrom, "restartedFrom");
    List<JournalEntry> entries = List.copyOf(journal);
    for (JournalEntry e : entries) {
      if (!e.executionId().equals(request.requestId())) {
        throw new IllegalArgumentException(
            "journal entry of execution "
                + e.executionId()
                + " given with the start of execution "
                + request.requestId());
      }
    }
    return entries;
  }
}
