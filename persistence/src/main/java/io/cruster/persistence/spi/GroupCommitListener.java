package io.cruster.persistence.spi;

/**
 * Hears of each group commit a {@link Storage} writes (many callers' writes in one transaction),
 * for metrics and traces. Called on the thread that flushed the batch, after its transaction ended:
 * keep it short, never block, never throw. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface GroupCommitListener {
  /**
   * A batch was flushed.
   *
   * @param writes how many writes (saves and commits) it held
   * @param nanos how long the flush took, from its first statement to the end of its transaction
   * @param failed whether the batch failed as a whole (its writes then ran again one by one, or
   *     failed)
   */
  void groupCommitted(int writes, long nanos, boolean failed);
}
