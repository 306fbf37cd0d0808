package io.cruster.sharding.internal;

import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.UnknownExecutionException;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.WorkflowStep;
import io.cruster.sharding.Workflows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Workflows} on a node's runtime: reads and writes of {@code ExecutionStore}, and the
 * requests that re-run or restart executions. Thread-safe; every method blocks on storage.
 */
final class WorkflowsImpl implements Workflows {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowsImpl.class);
  private final EntityRuntime runtime;
  private final WorkflowControl control;

  WorkflowsImpl(EntityRuntime runtime, WorkflowControl control) {
    this.runtime = runtime;
    this.control = control;
  }

  static UnknownExecutionException unknown(String executionId) {
    return new UnknownExecutionException(
        "no workflow execution "
            + executionId
            + " is stored (never started, or purged after the workflow retention)");
  }

  @Override
  public <R> WorkflowHandle<R> handle(String executionId, Class<R> replyType) {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(replyType, "replyType");
    return new WorkflowHandleImpl<>(runtime, control, executionId, null, replyType);
  }

  /** A handle of an execution started here. */
  <R> WorkflowHandle<R> started(String executionId, String entityId) {
    return new WorkflowHandleImpl<>(runtime, control, executionId, entityId, null);
  }

  @Override
  public List<WorkflowExecution> list(WorkflowQuery query) {
    Objects.requireNonNull(query, "query");
    ExecutionQuery q = ExecutionQuery.all(query.limit());
    if (query.entityType().isPresent()) {
      q = q.withEntityType(query.entityType().get());
    }
    if (query.entityId().isPresent()) {
      q = q.withEntityId(query.entityId().get());
    }
    if (query.tag().isPresent()) {
      q = q.withTag(query.tag().get());
    }
    if (!query.statuses().isEmpty()) {
      q =
          q.withStatuses(
              query.statuses().stream()
                  .map(s -> ExecutionStatus.valueOf(s.name()))
                  .collect(Collectors.toSet()));
    }
    if (query.startedAfter().isPresent()) {
      q = q.withStartedAfter(query.startedAfter().get());
    }
    if (query.startedBefore().isPresent()) {
      q = q.withStartedBefore(query.startedBefore().get());
    }
    if (query.cursor().isPresent()) {
      ExecutionCursor.Position p = ExecutionCursor.decode(query.cursor().get());
      q = q.withAfter(new ExecutionQuery.Position(p.startedAt(), p.executionId()));
    }
    return control.store().list(q).stream().map(r -> execution(r, List.of())).toList();
  }

  @Override
  public Optional<WorkflowExecution> describe(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return control
        .store()
        .find(executionId)
        .map(r -> execution(r, steps(r, runtime.storage().journal().entries(executionId))));
  }

  private static WorkflowExecution execution(ExecutionRecord r, List<WorkflowStep> steps) {
    return new WorkflowExecution(
        r.executionId(),
        r.address().entityType(),
        r.address().entityId(),
        r.tag(),
        WorkflowStatus.valueOf(r.status().name()),
        r.startedAt(),
        r.endedAt(),
        r.failure(),
        r.cancel().map(c -> c.reason()),
        r.restartedFrom(),
        steps);
  }

  /**
   * The steps as a user sees them: each starts when the one before ended (or the execution started)
   * and ends when it was recorded; a sleep is recorded when it begins and ends at its wake-up time
   * (decoded with the entity type's serializer when the type is registered here).
   */
  private List<WorkflowStep> steps(ExecutionRecord r, List<JournalEntry> entries) {
    List<WorkflowStep> steps = new ArrayList<>();
    Instant previousEnd = r.startedAt();
    Instant now = runtime.now();
    for (int i = 0; i < entries.size(); i++) {
      JournalEntry e = entries.get(i);
      Instant started = previousEnd;
      Optional<Instant> ended = Optional.of(e.recordedAt());
      if (e.kind() == StepKind.SLEEP) {
        started = e.recordedAt();
        Optional<Instant> wakeAt = wakeAt(r, e);
        boolean over = i + 1 < entries.size() || r.status().isFinished();
        ended =
            wakeAt.isPresent() && (over || !wakeAt.get().isAfter(now))
                ? wakeAt
                : over ? Optional.of(e.recordedAt()) : Optional.empty();
      }
      steps.add(
          new WorkflowStep(
              e.step(),
              WorkflowStep.Kind.valueOf(e.kind().name()),
              e.tag(),
              started,
              ended,
              e.failed(),
              e.result().length));
      previousEnd = ended.orElse(e.recordedAt());
    }
    return steps;
  }

  private Optional<Instant> wakeAt(ExecutionRecord r, JournalEntry sleep) {
    try {
      return Optional.of(
          (Instant)
              runtime
                  .type(r.address().entityType())
                  .model()
                  .serializer()
                  .fromBytes(sleep.result()));
    } catch (RuntimeException typeNotHereOrUnreadable) {
      return Optional.empty();
    }
  }

  @Override
  public boolean cancel(String executionId, String reason) {
    return control.cancel(executionId, reason);
  }

  @Override
  public boolean retry(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    Optional<ExecutionRecord> r = control.store().find(executionId);
    if (r.isEmpty() || r.get().status() != ExecutionStatus.FAILED) {
      return false;
    }
    if (!runtime.storage().messages().reopen(executionId)) {
      return false;
    }
    LOG.info("{}: workflow execution {} runs again", r.get().address(), executionId);
    Optional<RequestState> request = runtime.storage().messages().find(executionId);
    request.ifPresent(runtime.requests()::dispatchAfterRelease);
    return true;
  }

  @Override
  public <R> WorkflowHandle<R> restartFrom(String executionId, int step, Class<R> replyType) {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(replyType, "replyType");
    if (step < 1) {
      throw new IllegalArgumentException(
          "restartFrom takes the first step to run again, from 1; was " + step);
    }
    ExecutionRecord r = control.store().find(executionId).orElseThrow(() -> unknown(executionId));
    List<JournalEntry> journal = runtime.storage().journal().entries(executionId);
    if (step > journal.size() + 1) {
      throw new IllegalArgumentException(
          "workflow execution "
              + executionId
              + " recorded "
              + journal.size()
              + " steps: restartFrom takes a step from 1 to "
              + (journal.size() + 1)
              + ", was "
              + step);
    }
    RegisteredType t = runtime.type(r.address().entityType());
    HandlerDef def =
        t.model()
            .handler(r.tag())
            .filter(d -> d.kind() == MessageKind.WORKFLOW)
            .orElseThrow(
                () ->
                    new UnknownMessageException(
                        "entity type " + t.name() + " has no workflow tagged [" + r.tag() + "]"));
    byte[] input = control.store().input(executionId).orElseThrow(() -> unknown(executionId));
    Object message = t.model().serializer().fromBytes(input);
    Requests.Sent sent =
        runtime
            .requests()
            .send(
                t,
                r.address().entityId(),
                def,
                message,
                Optional.empty(),
                runtime.now(),
                false,
                Optional.of(new Requests.Restart(executionId, journal.subList(0, step - 1))),
                java.util.Map.of());
    LOG.info(
        "{}: workflow execution {} restarted from step {} as execution {}",
        r.address(),
        executionId,
        step,
        sent.requestId());
    return new WorkflowHandleImpl<>(
        runtime, control, sent.requestId(), r.address().entityId(), replyType);
  }

  @Override
  public WorkflowHistory history(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    ExecutionRecord r = control.store().find(executionId).orElseThrow(() -> unknown(executionId));
    byte[] input = control.store().input(executionId).orElseThrow(() -> unknown(executionId));
    List<WorkflowHistory.Step> steps =
        runtime.storage().journal().entries(executionId).stream()
            .map(
                e ->
                    new WorkflowHistory.Step(
                        e.step(),
                        WorkflowStep.Kind.valueOf(e.kind().name()),
                        e.tag(),
                        e.result(),
                        e.failed(),
                        e.recordedAt()))
            .toList();
    return new WorkflowHistory(
        executionId,
        r.address().entityType(),
        r.address().entityId(),
        r.tag(),
        WorkflowStatus.valueOf(r.status().name()),
        r.startedAt(),
        r.endedAt(),
        r.failure(),
        input,
        steps);
  }
}
