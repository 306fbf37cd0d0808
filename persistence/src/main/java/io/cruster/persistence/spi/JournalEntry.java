package io.cruster.persistence.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded step of a workflow execution, keyed by (execution id, step). Immutable and
 * thread-safe if nobody changes {@code result}: it is not copied. Equality compares the bytes.
 *
 * @param executionId the workflow execution; not blank
 * @param step the step number within the execution, from 1
 * @param kind what the step did
 * @param tag what the step ran (such as the activity's message tag), checked on replay; may be
 *     empty
 * @param result the serialized result, or the serialized error when {@code failed}; may be empty
 * @param failed whether the step failed ({@code result} then holds the error)
 * @param recordedAt when the step was recorded
 */
public record JournalEntry(
    String executionId,
    int step,
    StepKind kind,
    String tag,
    byte[] result,
    boolean failed,
    Instant recordedAt) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code executionId} is blank or {@code step} is below 1
   */
  public JournalEntry {
    Checks.nonBlank(executionId, "JournalEntry", "executionId");
    if (step < 1) {
      throw new IllegalArgumentException(
          "JournalEntry.step must be >= 1, was " + step + " (execution " + executionId + ")");
    }
    Checks.nonNull(kind, "JournalEntry", "kind");
    Checks.nonNull(tag, "JournalEntry", "tag");
    Checks.nonNull(result, "JournalEntry", "result");
    Checks.nonNull(recordedAt, "JournalEntry", "recordedAt");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JournalEntry e
        && step == e.step
        && failed == e.failed
        && executionId.equals(e.executionId)
        && kind == e.kind
        && tag.equals(e.tag)
        && Arrays.equals(result, e.result)
        && recordedAt.equals(e.recordedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(executionId, step, kind, tag, Arrays.hashCode(result), failed, recordedAt);
  }

  @Override
  public String toString() {
    return "JournalEntry[executionId="
        + executionId
        + ", step="
        + step
        + ", kind="
        + kind
        + ", tag="
        + tag
        + ", result="
        + Checks.describe(result)
        + ", failed="
        + failed
        + ", recordedAt="
        + recordedAt
        + "]";
  }
}
