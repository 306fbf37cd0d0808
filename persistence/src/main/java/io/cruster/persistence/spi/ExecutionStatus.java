package io.cruster.persistence.spi;

/**
 * Where a workflow execution stands, as its {@link ExecutionRecord} says. The first three are live,
 * the last three final: a finished execution changes only when it is re-run ({@link
 * MessageStorage#reopen}) or purged.
 */
public enum ExecutionStatus {
  /** Saved and not finished: waiting to start, running code or an activity, or calling. */
  RUNNING,
  /** In a durable sleep. */
  SLEEPING,
  /** Waiting for a deferred to be resolved. */
  AWAITING,
  /** Finished with a reply. */
  COMPLETED,
  /** Finished with a failure (its retries exhausted, or dead-lettered). */
  FAILED,
  /** Finished after its cancellation was raised inside it. */
  CANCELLED;

  /** Whether this status is final. Never blocks. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
