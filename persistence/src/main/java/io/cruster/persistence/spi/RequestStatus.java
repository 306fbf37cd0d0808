package io.cruster.persistence.spi;

/** Where a saved request stands. */
public enum RequestStatus {
  /** Waiting to be delivered (or delivered and not yet answered). */
  PENDING,
  /** Answered: its reply is stored. */
  DONE,
  /**
   * Failed for good (a workflow that exhausted its retries); its failure reply is stored.
   * Re-runnable.
   */
  FAILED,
  /** Its delivery failed too often; kept for inspection and re-drive, never dropped. */
  DEAD_LETTER
}
