package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import java.util.List;
import java.util.Optional;

/**
 * A write that group commit may batch with others: a saved request, a commit, or the end of a
 * workflow execution. Immutable.
 */
sealed interface Write {

  /**
   * {@code messages().save(request)}, or {@code executions().start(...)} when {@code execution} is
   * present; its result is a {@link io.cruster.persistence.spi.SaveOutcome}.
   */
  record Save(RequestRecord request, Optional<Execution> execution) implements Write {
    Save(RequestRecord request) {
      this(request, Optional.empty());
    }
  }

  /**
   * The workflow execution a saved request starts: its record is written with the request, and
   * {@code journal} (the steps a restart takes over) when the request is new.
   */
  record Execution(Optional<String> restartedFrom, List<JournalEntry> journal) {}

  /** {@code storage.commit(commit)}; its result is null. */
  record Apply(Commit commit) implements Write {}

  /**
   * {@code executions().finish(...)}: the request takes {@code reply} and its execution ends with
   * {@code status}, and {@code channel} is told; its result is a Boolean, whether this write ended
   * the request.
   */
  record Finish(
      ReplyRecord reply,
      ExecutionStatus status,
      Optional<String> failure,
      Optional<FencingToken> fence,
      String channel)
      implements Write {}
}
