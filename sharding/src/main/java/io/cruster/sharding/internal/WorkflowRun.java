package io.cruster.sharding.internal;

import io.cruster.actors.spi.Serializer;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.StepKind;
import io.cruster.persistence.spi.TimerRecord;
import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.UnknownMessageException;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a workflow, on its own virtual thread. Each step takes the next step number;
 * when the journal already holds that step, the step is checked against it (kind and tag) and its
 * outcome returned, otherwise the step runs and its outcome is committed to the journal before the
 * workflow goes on. A failed attempt is retried from the journal per the type's retry policy; the
 * reply (or the final failure) is stored as the request's.
 */
final class WorkflowRun extends BaseContext implements WorkflowContext<Object>, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRun.class);
  private final HandlerDef def;
  private final Object message;
  private final RequestState request;
  private final String executionId;
  private List<JournalEntry> journal = List.of();
  private int step;
  private int attempt;

  /**
   * The thread running this execution (set right after it starts); interrupted when the instance is
   * retired.
   */
  volatile Thread thread;

  WorkflowRun(EntityInstance instance, HandlerDef def, Object message, RequestState request) {
    super(instance, def.trait());
    this.def = def;
    this.message = message;
    this.request = request;
    this.executionId = request.request().requestId();
  }

  private Serializer serializer() {
    return instance.type.model().serializer();
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
      o.end(failure);
      inst.workflowEnded(instance.type.name(), def.tag(), status);
    }
  }

  private static final String COMPLETED = "completed";
  private static final String FAILED = "failed";
  private static final String STOPPED = "stopped";

  /** The last failure of this execution, for its observation (null: none). */
  private Throwable failure;

  /** The observation of the step running now (NONE between steps). */
  private Observation currentStep = Observation.NONE;

  /** Runs the execution's attempts; returns how it ended. */
  @SuppressWarnings("unchecked")
  private String execute() {
    RetryPolicy policy = instance.type.model().options().workflowRetry();
    ReplyRecord outcome = null;
    try {
      for (attempt = 1; ; attempt++) {
        try {
          journal =
              withoutTrailingFailure(instance.runtime.storage().journal().entries(executionId));
          step = 0;
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
          boolean last = attempt >= policy.maxAttempts() || t instanceof NonDeterminismException;
          failure = t;
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
            RuntimeException failure =
                Failures.asCallFailure(instance.address + " " + def.tag(), t);
            outcome =
                new ReplyRecord(
                    executionId,
                    true,
                    Failures.bytes(serializer(), failure),
                    instance.runtime.now());
            break;
          }
          try {
            instance.waits.sleepUntil(instance.runtime.now().plus(policy.backoffAfter(attempt)));
          } catch (RuntimeClosedException closing) {
            stoppedHere();
            return STOPPED;
          }
        }
      }
    } finally {
      instance.workflowEnded(executionId);
    }
    // Announced only once the execution is gone, so a same-key call right after a failure starts a
    // new one.
    finish(outcome, outcome.failure());
    if (!outcome.failure()) {
      failure = null;
    }
    return outcome.failure() ? FAILED : COMPLETED;
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
    instance.runtime.storage().journal().truncate(executionId, last.step());
    return entries.subList(0, entries.size() - 1);
  }

  private void finish(ReplyRecord reply, boolean failed) {
    try {
      // Through a fenced commit: a runner that lost the shard cannot record the outcome.
      if (failed) {
        instance.runtime.storage().commit(instance.newCommit().failure(reply).build());
      } else {
        instance.runtime.storage().commit(instance.newCommit().reply(reply).build());
      }
      instance.runtime.requests().onReply(reply);
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: the outcome of workflow execution {} could not be stored; it will run again",
          instance.address,
          executionId,
          e);
      instance.runtime.requests().deliveryFailed(request, e);
    }
  }

  // ---- journaled steps

  /**
   * Replays step {@code n} if journaled (checking kind and tag), else runs {@code body} and
   * journals its outcome.
   */
  private Object step(StepKind kind, String tag, Supplier<JournalEntry> body) {
    return step(kind, tag, serializer(), body);
  }

  /**
   * As {@link #step(StepKind, String, Supplier)}, with the serializer that wrote the step's
   * outcome.
   */
  private Object step(StepKind kind, String tag, Serializer codec, Supplier<JournalEntry> body) {
    int n = ++step;
    JournalEntry e = n <= journal.size() ? journal.get(n - 1) : null;
    Observation o = Observation.NONE;
    if (e == null) {
      instance.checkServed(); // a new step runs only while this node may run the shard's work
      Instrumentation inst = instance.runtime.instrumentation();
      if (inst != Instrumentation.NONE) {
        o =
            inst.step(
                instance.type.name(),
                instance.address.entityId(),
                executionId,
                n,
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
    } else if (e.kind() != kind || !e.tag().equals(tag)) {
      throw new NonDeterminismException(
          "workflow "
              + def.tag()
              + " of "
              + instance.address
              + ", execution "
              + executionId
              + ": step "
              + n
              + " is "
              + kind
              + " "
              + tag
              + " but the journal recorded "
              + e.kind()
              + " "
              + e.tag()
              + " (was the workflow's code changed while it ran?)");
    }
    if (e.failed()) {
      RuntimeException f = Failures.exception(instance.address + " " + tag, codec, e.result());
      o.end(f);
      throw f;
    }
    o.end(null);
    return codec.fromBytes(e.result());
  }

  private JournalEntry commit(StepKind kind, String tag, Object value, Commit.Builder with) {
    return commit(kind, tag, serializer().toBytes(value), with);
  }

  private JournalEntry commit(StepKind kind, String tag, byte[] value, Commit.Builder with) {
    JournalEntry e =
        new JournalEntry(executionId, step, kind, tag, value, false, instance.runtime.now());
    instance.runtime.storage().commit(with.journal(e).build());
    return e;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R run(Activity<R> activity) {
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
    return (R)
        step(
            StepKind.ACTIVITY,
            target.tag(),
            () -> {
              CompletableFuture<JournalEntry> committed = new CompletableFuture<>();
              instance.actor.tell(
                  new EntityInstance.RunStep(
                      target, activity, executionId, step, committed, currentStep),
                  instance.runtime.config().callTimeout());
              instance.waits.await(
                  committed); // a failure here means nothing was committed: this attempt fails
              return committed.join();
            });
  }

  @Override
  public void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    String timerId = executionId + "/" + (step + 1);
    Instant wakeAt =
        (Instant)
            step(
                StepKind.SLEEP,
                "sleep",
                () -> {
                  Instant at = instance.runtime.now().plus(duration);
                  return commit(
                      StepKind.SLEEP,
                      "sleep",
                      at,
                      instance
                          .newCommit()
                          .timer(
                              new TimerRecord(
                                  timerId,
                                  instance.address,
                                  instance.shard,
                                  executionId,
                                  step,
                                  at)));
                });
    instance.waits.sleepUntil(wakeAt);
    instance.checkServed(); // the timer fired: go on only if the shard is still served here
    instance.runtime.storage().commit(instance.newCommit().deleteTimer(timerId).build());
  }

  @Override
  public <T> T await(Deferred<T> deferred) {
    Objects.requireNonNull(deferred, "deferred");
    Object value =
        step(
            StepKind.AWAIT,
            "await:" + deferred.name(),
            () -> {
              while (true) {
                CompletableFuture<Void> signal = instance.deferredSignal(deferred.name());
                Optional<byte[]> stored =
                    instance.runtime.storage().deferreds().get(instance.address, deferred.name());
                if (stored.isPresent()) {
                  return commit(
                      StepKind.AWAIT,
                      "await:" + deferred.name(),
                      serializer().fromBytes(stored.get()),
                      instance.newCommit());
                }
                // Woken by a local resolve; the poll interval covers one made by another node.
                instance.waits.awaitAtMost(signal, instance.runtime.config().storagePollInterval());
              }
            });
    return deferred.type().cast(value);
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
  public <T> DeferredToken<T> deferredToken(Deferred<T> deferred) {
    return new DeferredToken<>(
        instance.address.entityType(), instance.address.entityId(), deferred.name());
  }

  @Override
  public EntityClient self() {
    return new JournaledClient(this, super.self());
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    return new JournaledClient(this, super.client(type));
  }

  /**
   * A call to another entity as a journaled step, its outcome written with the callee's serializer;
   * the idempotency key (execution and step) makes a call re-sent after a crash return the first
   * one's reply.
   */
  Object callStep(String tag, Serializer codec, java.util.function.Function<String, Object> call) {
    return step(
        StepKind.CALL,
        tag,
        codec,
        () -> {
          // The key makes a call re-sent after a crash return the first one's reply; a new attempt
          // gets a new key,
          // so a call whose failure made the previous attempt fail is really made again.
          String key = executionId + "/" + step + (attempt > 1 ? "/a" + attempt : "");
          Object result;
          try {
            result = call.apply(key);
          } catch (io.cruster.sharding.EntityException e) {
            JournalEntry failed =
                new JournalEntry(
                    executionId,
                    step,
                    StepKind.CALL,
                    tag,
                    Failures.bytes(codec, e),
                    true,
                    instance.runtime.now());
            instance.runtime.storage().commit(instance.newCommit().journal(failed).build());
            return failed;
          }
          return commit(StepKind.CALL, tag, codec.toBytes(result), instance.newCommit());
        });
  }

  @Override
  public String executionId() {
    return executionId;
  }

  @Override
  public boolean isReplaying() {
    return step < journal.size();
  }
}
