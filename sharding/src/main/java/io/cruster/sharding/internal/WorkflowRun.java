package io.cruster.sharding.internal;

import io.cruster.actors.spi.Serializer;
import io.cruster.persistence.spi.CancelRequest;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.LoadedExecution;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.StepOptions;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.WorkflowCancelledException;
import io.cruster.sharding.WorkflowContext;
import io.cruster.sharding.WorkflowHandler;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a workflow, on its own virtual thread. Each step takes the next step number of
 * its {@link StepLog}; when the journal already holds that step, the step is checked against it
 * (kind and tag) and its outcome returned, otherwise the step runs and its outcome is committed to
 * the journal before the workflow goes on. A failed attempt is retried from the journal per the
 * type's retry policy; the reply (or the final failure) ends the execution ({@code
 * ExecutionStore.finish}), which wakes whoever joins it.
 *
 * <p>Status changes ride on writes the steps make anyway: SLEEPING with the sleep's journal entry,
 * RUNNING again with the timer's deletion at wake-up, AWAITING with the read of an empty deferred,
 * RUNNING again with the await's journal entry.
 *
 * <p>Cancellation: {@link #cancel} (from the runtime, told by storage notifications or by the local
 * canceller) records it in {@link Cancellation} and ends the current wait. The next live step, or
 * the wait in progress (sleep, await, a call, a retry backoff), records a CANCEL marker at its step
 * and throws {@link WorkflowCancelledException}, once; replays raise it at the same step from the
 * marker. An execution that ends by throwing after that ends CANCELLED and is not retried.
 */
final class WorkflowRun extends BaseContext
    implements WorkflowContext<Object>, Runnable, StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRun.class);
  private final HandlerDef def;
  private final Object message;
  private final RequestState request;
  private final String executionId;
  private final String subject;
  StepLog log;
  int attempt;

  /** Requested from any thread; raised on the workflow's. */
  final Cancellation cancellation = new Cancellation();

  /**
   * The thread running this execution (set right after it starts); interrupted when the instance is
   * retired.
   */
  volatile Thread thread;

  /**
   * Saved just now by the request that delivered it here: it has no journal yet, and no
   * cancellation unless one was heard of before it started.
   */
  private final boolean fresh;

  WorkflowRun(
      EntityInstance instance,
      HandlerDef def,
      Object message,
      RequestState request,
      boolean fresh) {
    super(instance, def.trait());
    this.def = def;
    this.message = message;
    this.request = request;
    this.fresh = fresh;
    this.executionId = request.request().requestId();
    this.subject =
        "workflow " + def.tag() + " of " + instance.address + ", execution " + executionId;
  }

  Serializer serializer() {
    return instance.type.model().serializer();
  }

  io.cruster.persistence.spi.Storage storage() {
    return instance.runtime.storage();
  }

  @Override
  public void run() {
    Instrumentation inst = instance.runtime.instrumentation();
    Observation o =
        inst.workflow(
            instance.type.name(),
            instance.address.entityId(),
            def.tag(),
            executionId,
            request.request().traceContext());
    String status = STOPPED;
    try (Observation.Scope scope = o.makeCurrent()) {
      status = execute();
    } finally {
      o.end(lastFailure);
      inst.workflowEnded(instance.type.name(), def.tag(), status);
    }
  }

  /** What a fresh execution has stored: no journal, no cancellation. */
  private static final LoadedExecution NOTHING_STORED =
      new LoadedExecution(List.of(), Optional.empty());

  private static final String COMPLETED = "completed";
  private static final String FAILED = "failed";
  private static final String CANCELLED = "cancelled";
  private static final String STOPPED = "stopped";

  /** The last failure of this execution, for its observation (null: none). */
  private Throwable lastFailure;

  /** The observation of the step running now (NONE between steps). */
  private Observation currentStep = Observation.NONE;

  /** Runs the execution's attempts; returns how it ended. */
  @SuppressWarnings("unchecked")
  private String execute() {
    RetryPolicy policy = instance.type.model().options().workflowRetry();
    ReplyRecord outcome = null;
    ExecutionStatus status = ExecutionStatus.COMPLETED;
    Optional<String> failure = Optional.empty();
    WorkflowControl control = instance.runtime.workflowControl();
    control.running(executionId, this);
    // A fresh execution's first attempt needs no read of its journal: one round trip less.
    boolean unread = fresh && !control.cancelHeardOfBeforeStart(executionId);
    try {
      for (attempt = 1; ; attempt++) {
        try {
          LoadedExecution loaded =
              unread ? NOTHING_STORED : storage().executions().load(executionId);
          unread = false;
          loaded.cancel().map(CancelRequest::reason).ifPresent(this::cancel);
          log = new StepLog(withoutTrailingFailure(loaded.journal()), subject);
          cancellation.newAttempt();
          Object result =
              ((WorkflowHandler<Object, Object, Object>) def.handler()).handle(this, message);
          outcome =
              new ReplyRecord(
                  executionId, false, serializer().toBytes(result), instance.runtime.now());
          break;
        } catch (RuntimeClosedException closing) {
          stoppedHere();
          return STOPPED;
        } catch (Throwable t) {
          Thread.interrupted();
          if (instance.runtime.isClosed() || instance.isRetired() || instance.lost()) {
            stoppedHere();
            return STOPPED;
          }
          if (cancellation.raised() || t instanceof WorkflowCancelledException) {
            WorkflowCancelledException cancelled =
                t instanceof WorkflowCancelledException c
                    ? c
                    : new WorkflowCancelledException(
                        StepLog.cancelled(subject, String.valueOf(cancellation.reason()))
                                .getMessage()
                            + "; it then failed: "
                            + t);
            LOG.info("{}: {}", instance.address, cancelled.getMessage());
            lastFailure = cancelled;
            outcome = failureReply(cancelled);
            status = ExecutionStatus.CANCELLED;
            failure = Optional.of(cancelled.getMessage());
            break;
          }
          boolean last = attempt >= policy.maxAttempts() || t instanceof NonDeterminismException;
          lastFailure = t;
          LOG.warn(
              "{}: workflow {} execution {} failed (attempt {} of {}){}",
              instance.address,
              def.tag(),
              executionId,
              attempt,
              policy.maxAttempts(),
              last ? "" : ", retrying in " + policy.backoffAfter(attempt),
              t);
          if (last) {
            RuntimeException callFailure =
                Failures.asCallFailure(instance.address + " " + def.tag(), t);
            outcome = failureReply(callFailure);
            status = ExecutionStatus.FAILED;
            failure = Optional.of(summary(callFailure));
            break;
          }
          try {
            // A cancellation during the backoff starts the next attempt at once: it raises there.
            waitOrCancel(new CompletableFuture<Void>(), policy.backoffAfter(attempt));
          } catch (RuntimeClosedException closing) {
            stoppedHere();
            return STOPPED;
          }
        }
      }
    } finally {
      control.stopped(executionId, this);
      instance.workflowEnded(executionId);
    }
    // Announced only once the execution is gone, so a same-key call right after a failure starts a
    // new one.
    finish(outcome, status, failure);
    if (status == ExecutionStatus.COMPLETED) {
      lastFailure = null;
    }
    return switch (status) {
      case COMPLETED -> COMPLETED;
      case CANCELLED -> CANCELLED;
      default -> FAILED;
    };
  }

  private ReplyRecord failureReply(RuntimeException failure) {
    return new ReplyRecord(
        executionId, true, Failures.bytes(serializer(), failure), instance.runtime.now());
  }

  private static String summary(Throwable t) {
    return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
  }

  /**
   * Stopped, not failed (the node closes or the entity's shard moves): the request stays pending
   * and a later owner continues from the journal; this node stops counting it as in flight.
   */
  private void stoppedHere() {
    instance.runtime.requests().handedBack(request);
  }

  /**
   * A failed step at the end of the journal is what made the previous attempt fail (or was recorded
   * just before a crash): a new attempt runs it again. Failed steps followed by others stay, since
   * the workflow went on past them and must replay the same way.
   */
  private List<JournalEntry> withoutTrailingFailure(List<JournalEntry> entries) {
    if (entries.isEmpty() || !entries.get(entries.size() - 1).failed()) {
      return entries;
    }
    JournalEntry last = entries.get(entries.size() - 1);
    storage().journal().truncate(executionId, last.step());
    return entries.subList(0, entries.size() - 1);
  }

  private void finish(ReplyRecord reply, ExecutionStatus status, Optional<String> failure) {
    try {
      // Fenced: a runner that lost the shard cannot record the outcome.
      storage().executions().finish(reply, status, failure, instance.fence());
      instance.runtime.requests().onReply(reply);
      instance
          .runtime
          .workflowControl()
          .endedHere(
              new ExecutionRecord(
                  executionId,
                  instance.address,
                  instance.shard,
                  def.tag(),
                  status,
                  request.request().createdAt(),
                  Optional.of(reply.at()),
                  failure,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(reply)));
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: the outcome of workflow execution {} could not be stored; it will run again",
          instance.address,
          executionId,
          e);
      instance.runtime.requests().deliveryFailed(request, e);
    }
  }

  // ---- cancellation

  /**
   * Cancels this execution: the current wait ends and the cancellation is raised there, or at the
   * next step. Thread-safe; the first reason wins.
   */
  void cancel(String reason) {
    cancellation.request(reason);
  }

  boolean waitOrCancel(CompletableFuture<?> f, Duration max) {
    return cancellation.waitOrCancel(instance.waits, f, max);
  }

  /** Raises the pending cancellation at the current step, with {@code with}'s writes. */
  WorkflowCancelledException raise(Commit.Builder with) {
    return cancellation.raise(this, log.step(), with);
  }

  // ---- journaled steps

  /** The next step: replayed if journaled, else (unless a cancellation is pending) run live. */
  Object step(StepKind kind, String tag, Supplier<JournalEntry> body) {
    return step(kind, tag, serializer(), body);
  }

  /**
   * As {@link #step(StepKind, String, Supplier)}, with the serializer that wrote the step's
   * outcome.
   */
  Object step(StepKind kind, String tag, Serializer codec, Supplier<JournalEntry> body) {
    JournalEntry e;
    Observation o = Observation.NONE;
    try {
      e = log.next(kind, tag);
    } catch (WorkflowCancelledException replayed) {
      cancellation.markRaised();
      throw replayed;
    }
    if (e == null) {
      instance.checkServed(); // a new step runs only while this node may run the shard's work
      if (cancellation.pending()) {
        throw raise(instance.newCommit());
      }
      Instrumentation inst = instance.runtime.instrumentation();
      if (inst != Instrumentation.NONE) {
        o =
            inst.step(
                instance.type.name(),
                instance.address.entityId(),
                executionId,
                log.step(),
                kind.name().toLowerCase(java.util.Locale.ROOT),
                tag);
      }
      currentStep = o;
      try (Observation.Scope scope = o.makeCurrent()) {
        e = body.get();
      } catch (RuntimeException | Error x) {
        o.end(x);
        throw x;
      } finally {
        currentStep = Observation.NONE;
      }
    }
    if (e.failed()) {
      RuntimeException f = Failures.exception(instance.address + " " + tag, codec, e.result());
      o.end(f);
      throw f;
    }
    o.end(null);
    return codec.fromBytes(e.result());
  }

  JournalEntry commit(StepKind kind, String tag, Object value, Commit.Builder with) {
    return commit(kind, tag, serializer().toBytes(value), with);
  }

  JournalEntry commit(StepKind kind, String tag, byte[] value, Commit.Builder with) {
    JournalEntry e =
        new JournalEntry(executionId, log.step(), kind, tag, value, false, instance.runtime.now());
    storage().commit(with.journal(e).build());
    return e;
  }

  private HandlerDef handlerOf(Activity<?> activity) {
    Objects.requireNonNull(activity, "activity");
    HandlerDef target =
        instance
            .type
            .model()
            .handler(activity.getClass())
            .orElseThrow(
                () ->
                    new UnknownMessageException(
                        "entity type "
                            + instance.type.name()
                            + " has no handler for "
                            + activity.getClass().getName()));
    caller().check(target, instance.address);
    return target;
  }

  @Override
  public <R> R run(Activity<R> activity) {
    return run(activity, StepOptions.none());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R run(Activity<R> activity, StepOptions options) {
    Objects.requireNonNull(options, "options");
    HandlerDef target = handlerOf(activity);
    return (R)
        step(
            StepKind.ACTIVITY,
            target.tag(),
            () -> ActivityStep.run(this, target, activity, options));
  }

  /** Runs one attempt of an activity step on the entity's actor; the future gets its entry. */
  CompletableFuture<JournalEntry> attempt(
      HandlerDef target, Object activity, Optional<Instant> deadline, boolean last) {
    CompletableFuture<JournalEntry> committed = new CompletableFuture<>();
    instance.actor.tell(
        new EntityInstance.RunStep(
            target, activity, executionId, log.step(), committed, deadline, last, currentStep),
        instance.runtime.config().callTimeout());
    return committed;
  }

  @Override
  public void sleep(Duration duration) {
    WaitSteps.sleep(this, duration);
  }

  @Override
  public <T> T await(Deferred<T> deferred) {
    return WaitSteps.await(this, deferred);
  }

  @Override
  public <T> void resolve(Deferred<T> deferred, T value) {
    Objects.requireNonNull(value, "value");
    byte[] bytes = serializer().toBytes(deferred.type().cast(value));
    step(
        StepKind.SIDE_EFFECT,
        "resolve:" + deferred.name(),
        () -> {
          JournalEntry e =
              commit(
                  StepKind.SIDE_EFFECT,
                  "resolve:" + deferred.name(),
                  (Object) null,
                  instance
                      .newCommit()
                      .deferred(
                          new DeferredWrite(
                              instance.address, deferred.name(), Optional.of(bytes))));
          instance.deferredResolved(deferred.name());
          return e;
        });
  }

  @Override
  public void clear(Deferred<?> deferred) {
    step(
        StepKind.SIDE_EFFECT,
        "clear:" + deferred.name(),
        () ->
            commit(
                StepKind.SIDE_EFFECT,
                "clear:" + deferred.name(),
                (Object) null,
                instance
                    .newCommit()
                    .deferred(
                        new DeferredWrite(instance.address, deferred.name(), Optional.empty()))));
  }

  @Override
  public boolean patched(String patchId) {
    requirePatchId(patchId);
    Boolean recorded = log.patched(patchId);
    if (recorded != null) {
      return recorded;
    }
    log.advance();
    commit(StepKind.PATCH, patchId, new byte[0], instance.newCommit());
    return true;
  }

  @Override
  public void deprecatePatch(String patchId) {
    requirePatchId(patchId);
    log.deprecatePatch(patchId);
  }

  static void requirePatchId(String patchId) {
    Objects.requireNonNull(patchId, "patchId");
    if (patchId.isBlank()) {
      throw new IllegalArgumentException("a patch id must not be blank");
    }
  }

  @Override
  public <T> DeferredToken<T> deferredToken(Deferred<T> deferred) {
    return new DeferredToken<>(
        instance.address.entityType(), instance.address.entityId(), deferred.name());
  }

  @Override
  public EntityClient self() {
    return JournaledClient.live(this, super.self());
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    return JournaledClient.live(this, super.client(type));
  }

  /**
   * A call to another entity as a journaled step, its outcome written with the callee's serializer;
   * the idempotency key (execution and step) makes a call re-sent after a crash return the first
   * one's reply. Waiting for the reply ends on a cancellation, which is raised at this step (the
   * call itself goes on).
   */
  @Override
  public Object callStep(
      String tag, Serializer codec, Function<String, CompletableFuture<Object>> call) {
    return WaitSteps.call(this, tag, codec, call);
  }

  // ---- for ActivityStep, WaitSteps and Cancellation

  int step() {
    return log.step();
  }

  Serializer codec() {
    return serializer();
  }

  String subject() {
    return subject;
  }

  @Override
  public String executionId() {
    return executionId;
  }

  @Override
  public boolean isReplaying() {
    return log.isReplaying();
  }
}
