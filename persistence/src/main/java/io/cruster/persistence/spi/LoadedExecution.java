package io.cruster.persistence.spi;

import java.util.List;
import java.util.Optional;

/**
 * What a workflow execution needs to (re)start: its journal and whether its cancellation was
 * requested, read together ({@link ExecutionStore#load}). Immutable and thread-safe (see {@link
 * JournalEntry} about arrays).
 *
 * @param journal its journal entries ordered by step (a copy of the given list)
 * @param cancel its cancel request, if one was recorded
 */
public record LoadedExecution(List<JournalEntry> journal, Optional<CancelRequest> cancel) {

  /**
   * Checks and copies the fields. Never blocks.
   *
   * @throws NullPointerException when a field or a list element is null; the message names it
   */
  public LoadedExecution {
    journal = Checks.copyOf(journal, "LoadedExecution", "journal");
    Checks.nonNull(cancel, "LoadedExecution", "cancel");
  }
}
