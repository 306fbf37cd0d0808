package io.cruster.sharding;

/**
 * Where a workflow execution stands ({@link WorkflowHandle#status()}, {@link
 * WorkflowExecution#status()}). The first three are live, the last three final.
 */
public enum WorkflowStatus {
  /** Saved and not finished: waiting to start, running its code or an activity, or calling. */
  RUNNING,
  /** In a durable sleep ({@code ctx.sleep}). */
  SLEEPING,
  /** Waiting for a deferred ({@code ctx.await}). */
  AWAITING,
  /** Finished with a reply. */
  COMPLETED,
  /**
   * Finished with a failure, its retries exhausted (it can be retried: {@link Workflows#retry}).
   */
  FAILED,
  /** Finished after it was cancelled ({@link WorkflowHandle#cancel}). */
  CANCELLED;

  /** Whether this status is final. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
