package io.cruster.testkit;

import io.cruster.sharding.EntityType;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.internal.HistoryReplay;

/**
 * Replays workflow code against recorded histories, to check in a unit test that new code still
 * replays the executions in flight before it is deployed. No activity runs, no storage is touched,
 * no other entity is called: each step of the code is checked against the history (kind and tag, as
 * a live replay does) and gets the recorded outcome.
 *
 * <pre>{@code
 * // before a deploy, export the histories of running executions:
 * for (WorkflowExecution e : workflows.list(WorkflowQuery.all().entityType(Order.TYPE)
 *     .status(WorkflowStatus.RUNNING, WorkflowStatus.SLEEPING, WorkflowStatus.AWAITING))) {
 *   Files.writeString(dir.resolve(e.executionId() + ".json"), workflows.history(e.executionId()).toJson());
 * }
 * // in a unit test of the new code:
 * WorkflowReplayer.replay(Order.TYPE, WorkflowHistory.fromJson(Files.readString(file)));
 * }</pre>
 *
 * Thread-safe (stateless); the code runs on the calling thread.
 */
public final class WorkflowReplayer {
  private WorkflowReplayer() {}

  /**
   * Replays {@code history} against the workflow code of {@code type}. Passes when the code takes
   * every recorded step (a running execution's code then goes on live), or ends where a finished
   * execution's history ends.
   *
   * @throws NonDeterminismException naming the first step where the code and the history differ
   *     (such as a step added, removed or reordered without {@code ctx.patched(id)})
   * @throws IllegalArgumentException when the history is of another entity type, or of a message
   *     that is not one of {@code type}'s workflows
   */
  public static void replay(EntityType<?> type, WorkflowHistory history) {
    HistoryReplay.replay(type, history);
  }
}
