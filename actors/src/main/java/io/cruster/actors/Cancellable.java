package io.cruster.actors;

/** A scheduled task that can be cancelled. Thread-safe. */
public interface Cancellable {

  /** Cancels the task if it has not run yet; returns whether this call cancelled it. */
  boolean cancel();

  /** Whether the task was cancelled. */
  boolean isCancelled();
}
