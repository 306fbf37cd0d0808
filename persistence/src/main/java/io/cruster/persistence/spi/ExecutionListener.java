package io.cruster.persistence.spi;

/**
 * Told about changes to workflow executions made by any process sharing the storage (PostgreSQL:
 * {@code LISTEN/NOTIFY}; in memory: this JVM), so waiters are woken instead of polling. Delivery is
 * best effort: {@link #missed()} says that notifications may have been lost (a reconnect), and
 * listeners then re-read what they wait for. Methods are called on a thread of the storage's, one
 * at a time; they must be quick and must not throw (an exception is logged and dropped).
 */
public interface ExecutionListener {

  /** The execution ended (COMPLETED, FAILED or CANCELLED): its record is final now. */
  void ended(String executionId);

  /** A cancellation of the execution was recorded ({@link ExecutionStore#requestCancel}). */
  void cancelRequested(String executionId);

  /**
   * Notifications may have been lost since the last call; re-read whatever is awaited. Also called
   * once when a subscription starts delivering (events from before it may have been missed).
   */
  void missed();
}
