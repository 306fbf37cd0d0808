package io.cruster.sharding;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow execution as {@link Workflows#list} and {@link Workflows#describe} return it.
 * Immutable.
 *
 * @param executionId its id (the id of the request that started it)
 * @param entityType the type of the entity running it
 * @param entityId the id of that entity
 * @param tag the tag of its workflow message (such as {@code Order.Place})
 * @param status where it stands
 * @param startedAt when it was started (its request saved)
 * @param endedAt when it finished, for a finished one
 * @param failure what it failed with, for FAILED and CANCELLED ones
 * @param cancelReason the reason it was cancelled with, once a cancellation was requested
 * @param restartedFrom the execution it was restarted from ({@link Workflows#restartFrom})
 * @param steps its recorded steps, in order; filled by {@code describe}, empty in {@code list}
 *     results
 */
public record WorkflowExecution(
    String executionId,
    String entityType,
    String entityId,
    String tag,
    WorkflowStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> failure,
    Optional<String> cancelReason,
    Optional<String> restartedFrom,
    List<WorkflowStep> steps) {

  /** Checks the fields and copies the steps. */
  public WorkflowExecution {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(cancelReason, "cancelReason");
    Objects.requireNonNull(restartedFrom, "restartedFrom");
    steps = List.copyOf(steps);
  }

  /**
   * Where a listing goes on after this execution: pass it to {@link WorkflowQuery#cursor(String)}
   * (or use {@link WorkflowQuery#after(WorkflowExecution)}) for the next page. An opaque string.
   */
  public String cursor() {
    return io.cruster.sharding.internal.ExecutionCursor.encode(startedAt, executionId);
  }
}
