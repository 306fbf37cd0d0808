package io.cruster.persistence.spi;

/**
 * A change of a live execution's status inside a {@link Commit} (such as SLEEPING with the journal
 * step that sets the timer), so the status costs no write of its own. It applies only to an
 * execution that is not finished; an unknown execution is ignored. Immutable and thread-safe.
 *
 * @param executionId the execution; not blank
 * @param status its new status: RUNNING, SLEEPING or AWAITING (an execution ends through {@link
 *     ExecutionStore#finish})
 */
public record ExecutionUpdate(String executionId, ExecutionStatus status) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code executionId} is blank or {@code status} is final
   */
  public ExecutionUpdate {
    Checks.nonBlank(executionId, "ExecutionUpdate", "executionId");
    Checks.nonNull(status, "ExecutionUpdate", "status");
    if (status.isFinished()) {
      throw new IllegalArgumentException(
          "ExecutionUpdate.status must be RUNNING, SLEEPING or AWAITING, was "
              + status
              + " (execution "
              + executionId
              + "); executions end through ExecutionStore.finish");
    }
  }
}
