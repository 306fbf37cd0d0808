package io.cruster.sharding;

import java.util.List;
import java.util.Optional;

/**
 * The workflow executions of a cluster ({@link Cluster#workflows()}): find, list, follow, cancel,
 * retry and restart them, and export their histories. Any runner or process sharing the cluster's
 * storage sees all of them. Every method blocks on storage; thread-safe; not meant to be
 * implemented outside Cruster.
 */
public interface Workflows {

  /**
   * A handle to the execution with this id, decoding its reply as {@code replyType}. Reads nothing:
   * an unknown id gives a handle whose {@code poll}, {@code join} and {@code status} throw {@link
   * UnknownExecutionException}.
   */
  <R> WorkflowHandle<R> handle(String executionId, Class<R> replyType);

  /** The executions matching {@code query}, newest first; without their steps. */
  List<WorkflowExecution> list(WorkflowQuery query);

  /** The execution with this id and its steps, or empty if unknown. */
  Optional<WorkflowExecution> describe(String executionId);

  /**
   * Cancels the execution ({@link WorkflowHandle#cancel}).
   *
   * @return true if this call cancelled it; false if unknown, finished or cancelled before
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  boolean cancel(String executionId, String reason);

  /**
   * Runs a FAILED execution again, continuing from its journal (completed steps are not run again);
   * follow it with {@link #handle}.
   *
   * @return true if it was failed and runs again; false if unknown or not FAILED
   */
  boolean retry(String executionId);

  /**
   * A new execution of the same workflow message on the same entity that takes over steps {@code 1
   * .. step - 1} of this one from its journal and runs step {@code step} and everything after it
   * again, with the code deployed now (after fixing the bug that made it fail, say). The original
   * is left as it is.
   *
   * @param step the first step to run again, from 1 to the number of recorded steps + 1
   * @throws UnknownExecutionException if no such execution is stored
   * @throws IllegalArgumentException if {@code step} is below 1 or beyond the recorded steps + 1,
   *     or the execution's entity type is not registered here
   */
  <R> WorkflowHandle<R> restartFrom(String executionId, int step, Class<R> replyType);

  /**
   * The execution's recorded history: its input, its steps with their payloads, its outcome. Turn
   * it into JSON with {@link WorkflowHistory#toJson()} and replay it in tests with the testkit's
   * {@code WorkflowReplayer}.
   *
   * @throws UnknownExecutionException if no such execution is stored
   */
  WorkflowHistory history(String executionId);
}
