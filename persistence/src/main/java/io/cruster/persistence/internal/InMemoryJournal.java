package io.cruster.persistence.internal;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.WorkflowJournal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Journal entries by execution, ordered by step. Guarded by the storage's lock; written only by a
 * commit.
 */
final class InMemoryJournal implements WorkflowJournal {
  private record StepKey(String executionId, int step) {}

  private final Guard guard;
  private final Map<String, TreeMap<Integer, JournalEntry>> executions = new HashMap<>();

  InMemoryJournal(Guard guard) {
    this.guard = guard;
  }

  @Override
  public List<JournalEntry> entries(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return guard.call(
        () -> {
          TreeMap<Integer, JournalEntry> steps = executions.get(executionId);
          return steps == null ? List.of() : List.copyOf(steps.values());
        });
  }

  @Override
  public void delete(java.util.Collection<String> executionIds) {
    Objects.requireNonNull(executionIds, "executionIds");
    guard.run(() -> executionIds.forEach(executions::remove));
  }

  @Override
  public void truncate(String executionId, int fromStep) {
    Objects.requireNonNull(executionId, "executionId");
    guard.run(
        () -> {
          TreeMap<Integer, JournalEntry> steps = executions.get(executionId);
          if (steps != null) {
            steps.tailMap(fromStep, true).clear();
          }
        });
  }

  /** Throws if a step is already recorded or appears twice in {@code entries}. */
  void check(List<JournalEntry> entries) {
    Set<StepKey> seen = new HashSet<>();
    for (JournalEntry entry : entries) {
      TreeMap<Integer, JournalEntry> steps = executions.get(entry.executionId());
      boolean recorded = steps != null && steps.containsKey(entry.step());
      if (recorded || !seen.add(new StepKey(entry.executionId(), entry.step()))) {
        throw new StorageException(
            "journal step "
                + entry.step()
                + " of execution "
                + entry.executionId()
                + (recorded ? " is already recorded" : " appears twice in one commit")
                + "; nothing was committed");
      }
    }
  }

  void append(List<JournalEntry> entries) {
    for (JournalEntry entry : entries) {
      executions
          .computeIfAbsent(entry.executionId(), id -> new TreeMap<>())
          .put(entry.step(), entry);
    }
  }
}
