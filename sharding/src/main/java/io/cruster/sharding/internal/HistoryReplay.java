package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.spi.Serializer;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.StepOptions;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.WorkflowContext;
import io.cruster.sharding.WorkflowHandler;
import io.cruster.sharding.WorkflowHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays workflow code against a recorded {@link WorkflowHistory}, with the same step checks as a
 * live execution ({@link StepLog}) and no runtime: no activity runs, no storage is touched, no
 * entity is called. The replay passes when the code reaches a step beyond the history (a live
 * execution would go on from there) or ends where the history ends; it throws {@link
 * NonDeterminismException} naming the first step where the code and the history part ways.
 * Single-threaded: the code runs on the caller's thread.
 */
public final class HistoryReplay implements WorkflowContext<Object>, StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryReplay.class);

  /** Ends a replay where the history ends and the live execution would go on. */
  private static final class HistoryEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HistoryEnded() {
      super(null, null, false, false);
    }
  }

  private final EntityType<?> type;
  private final EntityModel<?> model;
  private final WorkflowHistory history;
  private final EntityAddress address;
  private final StepLog log;
  private final String subject;

  private HistoryReplay(
      EntityType<?> type, EntityModel<?> model, WorkflowHistory history, HandlerDef def) {
    this.type = type;
    this.model = model;
    this.history = history;
    this.address = new EntityAddress(history.entityType(), history.entityId());
    this.subject =
        "workflow "
            + def.tag()
            + " of "
            + address
            + ", execution "
            + history.executionId()
            + " (replayed)";
    List<JournalEntry> entries =
        history.steps().stream()
            .map(
                s ->
                    new JournalEntry(
                        history.executionId(),
                        s.number(),
                        StepKind.valueOf(s.kind().name()),
                        s.tag(),
                        s.result(),
                        s.failed(),
                        s.recordedAt()))
            .toList();
    this.log = new StepLog(entries, subject);
  }

  /**
   * Replays {@code history} against the workflow code of {@code type}.
   *
   * @throws NonDeterminismException naming the first step where code and history differ
   * @throws IllegalArgumentException when the history is of another entity type, or names a message
   *     that is not a workflow of {@code type}
   */
  @SuppressWarnings("unchecked")
  public static void replay(EntityType<?> type, WorkflowHistory history) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(history, "history");
    EntityModel<?> model = Models.of(type);
    if (!model.name().equals(history.entityType())) {
      throw new IllegalArgumentException(
          "the history of execution "
              + history.executionId()
              + " is of entity type "
              + history.entityType()
              + ", not "
              + model.name());
    }
    HandlerDef def =
        model
            .handler(history.tag())
            .filter(d -> d.kind() == MessageKind.WORKFLOW)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "entity type "
                            + model.name()
                            + " has no workflow tagged ["
                            + history.tag()
                            + "] (the history of execution "
                            + history.executionId()
                            + ")"));
    Object message = model.serializer().fromBytes(history.input());
    HistoryReplay replay = new HistoryReplay(type, model, history, def);
    try {
      ((WorkflowHandler<Object, Object, Object>) def.handler()).handle(replay, message);
    } catch (HistoryEnded ended) {
      return;
    } catch (NonDeterminismException e) {
      throw e;
    } catch (Throwable t) {
      replay.endedBefore("threw " + t);
      return;
    }
    replay.endedBefore("returned");
  }

  /** The code ended: the history must not record more steps. */
  private void endedBefore(String how) {
    if (log.step() < log.recorded()) {
      JournalEntry next = history.steps().isEmpty() ? null : entry(log.step() + 1);
      throw new NonDeterminismException(
          subject
              + ": the code "
              + how
              + " after step "
              + log.step()
              + " but the history records step "
              + (log.step() + 1)
              + (next == null ? "" : " " + next.kind() + " " + next.tag())
              + " (was the workflow's code changed?)");
    }
  }

  private JournalEntry entry(int n) {
    WorkflowHistory.Step s = history.steps().get(n - 1);
    return new JournalEntry(
        history.executionId(),
        n,
        StepKind.valueOf(s.kind().name()),
        s.tag(),
        s.result(),
        s.failed(),
        s.recordedAt());
  }

  private Object step(StepKind kind, String tag, Serializer codec) {
    JournalEntry e = log.next(kind, tag);
    if (e == null) {
      throw new HistoryEnded();
    }
    if (e.failed()) {
      throw Failures.exception(address + " " + tag, codec, e.result());
    }
    return codec.fromBytes(e.result());
  }

  @Override
  public <R> R run(Activity<R> activity) {
    return run(activity, StepOptions.none());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R run(Activity<R> activity, StepOptions options) {
    Objects.requireNonNull(activity, "activity");
    HandlerDef target =
        model
            .handler(activity.getClass())
            .orElseThrow(
                () ->
                    new UnknownMessageException(
                        "entity type "
                            + model.name()
                            + " has no handler for "
                            + activity.getClass().getName()));
    return (R) step(StepKind.ACTIVITY, target.tag(), model.serializer());
  }

  @Override
  public void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    step(StepKind.SLEEP, "sleep", model.serializer());
    log.cancelledAfterThisStep();
  }

  @Override
  public <T> T await(Deferred<T> deferred) {
    return deferred
        .type()
        .cast(step(StepKind.AWAIT, "await:" + deferred.name(), model.serializer()));
  }

  @Override
  public <T> void resolve(Deferred<T> deferred, T value) {
    step(StepKind.SIDE_EFFECT, "resolve:" + deferred.name(), model.serializer());
  }

  @Override
  public void clear(Deferred<?> deferred) {
    step(StepKind.SIDE_EFFECT, "clear:" + deferred.name(), model.serializer());
  }

  @Override
  public boolean patched(String patchId) {
    WorkflowRun.requirePatchId(patchId);
    Boolean recorded = log.patched(patchId);
    if (recorded == null) {
      throw new HistoryEnded(); // live: the marker would be recorded here
    }
    return recorded;
  }

  @Override
  public void deprecatePatch(String patchId) {
    WorkflowRun.requirePatchId(patchId);
    log.deprecatePatch(patchId);
  }

  @Override
  public <T> DeferredToken<T> deferredToken(Deferred<T> deferred) {
    return new DeferredToken<>(address.entityType(), address.entityId(), deferred.name());
  }

  @Override
  public Object callStep(
      String tag, Serializer codec, Function<String, CompletableFuture<Object>> call) {
    return step(StepKind.CALL, tag, codec);
  }

  @Override
  public String executionId() {
    return history.executionId();
  }

  @Override
  public boolean isReplaying() {
    return true;
  }

  @Override
  public String entityId() {
    return address.entityId();
  }

  @Override
  public EntityAddress address() {
    return address;
  }

  @Override
  public EntityClient self() {
    return new JournaledClient(this, model, type, () -> null);
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    return new JournaledClient(this, Models.of(type), type, () -> null);
  }

  @Override
  public Clock clock() {
    return Clock.fixed(history.startedAt(), ZoneOffset.UTC);
  }

  @Override
  public Logger log() {
    return LOG;
  }
}
