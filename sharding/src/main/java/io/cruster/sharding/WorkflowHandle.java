package io.cruster.sharding;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A workflow execution to follow and steer from anywhere: the process that started it ({@link
 * EntityClient#start}), another request, another runner or another process sharing the database
 * ({@link Workflows#handle}). Cheap to create and to hold: it is the execution's id and type
 * information; every call reads or writes storage. Thread-safe; not meant to be implemented outside
 * Cruster.
 *
 * @param <R> the workflow's reply type
 */
public interface WorkflowHandle<R> {

  /** The execution's id: stable across replays, retries and failovers. */
  String executionId();

  /** The id of the entity running it. */
  String entityId();

  /**
   * The reply if the execution has finished, empty while it runs. Blocks for one storage read.
   *
   * @throws EntityException if it failed (the workflow threw)
   * @throws WorkflowCancelledException if it was cancelled
   * @throws UnknownExecutionException if no such execution is stored (never started, or purged)
   */
  Optional<R> poll();

  /**
   * Blocks until the execution finishes and returns its reply. Woken when the reply is stored, by
   * whichever runner ran the workflow (also one that took it over after a crash), not by polling.
   *
   * @throws CallTimeoutException if it has not finished within {@code timeout} (it goes on)
   * @throws EntityException if it failed
   * @throws WorkflowCancelledException if it was cancelled
   * @throws UnknownExecutionException if no such execution is stored
   */
  R join(Duration timeout);

  /**
   * The reply once the execution finishes, without blocking; failures (as for {@link #join})
   * complete the future exceptionally. The future has no timeout of its own: add one with {@code
   * orTimeout}. Cancelling the future stops waiting, not the execution.
   */
  CompletableFuture<R> joinAsync();

  /**
   * Where the execution stands now. Blocks for one storage read.
   *
   * @throws UnknownExecutionException if no such execution is stored
   */
  WorkflowStatus status();

  /**
   * Cancels the execution: its current or next durable wait throws {@link
   * WorkflowCancelledException} inside the workflow, which may compensate, and it ends CANCELLED.
   * The cancellation is recorded before this returns and reaches the runner hosting the workflow,
   * wherever it is. Blocks for one storage write.
   *
   * @param reason why, for whoever looks at it later; not blank
   * @return true if this call cancelled it; false if it had finished, was cancelled before, or is
   *     unknown
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  boolean cancel(String reason);
}
