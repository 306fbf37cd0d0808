package io.cruster.sharding.internal;

import io.cruster.actors.ActorRef;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.EntityAddress;
import io.cruster.actors.Props;
import io.cruster.actors.ShardId;
import io.cruster.actors.SupervisorStrategy;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.spi.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One live entity. Its actor loads the state, then runs activities one at a time (the mailbox is
 * the activity lock and its bound is the entity's capacity) and starts workflows on virtual threads
 * of their own; rpcs and streams read {@link #committed} from their own threads, concurrently with
 * everything.
 *
 * <p>{@link #pending} and {@link #busy} count work routed to or running on the instance;
 * passivation removes the instance from its type's map only when both are zero and no workflow
 * runs, inside the map's compute for this id, which is also where new work is routed, so no request
 * can reach a passivated instance.
 *
 * <p>When its shard leaves this node the instance is {@linkplain #retire() retired}: deliveries
 * still queued are handed back (not run, not counted as failures), its workflows' waits end so
 * their threads return without recording anything, and the actor stops; the next owner continues
 * from storage.
 */
final class EntityInstance {
  private static final Logger LOG = LoggerFactory.getLogger(EntityInstance.class);

  final EntityRuntime runtime;
  final RegisteredType type;
  final EntityAddress address;
  final ShardId shard;
  final Logger log;
  final CompletableFuture<Void> loaded = new CompletableFuture<>();

  /** Deliveries routed here and not yet taken by the actor. */
  private final AtomicInteger pending = new AtomicInteger();

  /** Activities, workflow steps, rpcs and streams running on the instance. */
  private final AtomicInteger busy = new AtomicInteger();

  final Map<String, WorkflowRun> workflows = new ConcurrentHashMap<>();

  /** The waits of its workflows: ended when the instance is retired (or the node closes). */
  final Waits waits;

  /** Conditions a hand-over waits for, checked each time work ends ({@link #when}). */
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  private record Watch(Predicate<EntityInstance> condition, CompletableFuture<Void> met) {}

  private volatile boolean retired;
  private final Map<String, CompletableFuture<Void>> deferredSignals = new ConcurrentHashMap<>();
  volatile Snapshot committed;

  /** Runs its activities and commits them (on the actor's thread). */
  private final ActivityRunner activities = new ActivityRunner(this);

  /**
   * When work was last routed here, in the cluster clock's epoch milliseconds (rpcs do not pass
   * through the actor, so they are counted here); a long, since it is written on every call.
   */
  volatile long lastUsedMillis;

  final ActorRef<Command> actor;

  sealed interface Command {}

  /**
   * A saved request (an activity or a workflow start); {@code fresh}: saved just now, so it has not
   * run, and {@code message} is the caller's own message object (null: decode the payload).
   */
  record Deliver(RequestState request, boolean fresh, Object message) implements Command {}

  /**
   * An activity step of a running workflow. {@code deadline}: an attempt that has not finished by
   * then commits nothing and fails with {@code StepTimeoutException}; {@code last}: whether a
   * failure of the activity is journaled (the last attempt) or only reported (a retry follows);
   * {@code observation} is the step's, current while the activity runs.
   */
  record RunStep(
      HandlerDef def,
      Object message,
      String executionId,
      int step,
      CompletableFuture<JournalEntry> result,
      Optional<Instant> deadline,
      boolean last,
      Observation observation)
      implements Command {}

  private enum IdleTick implements Command {
    INSTANCE
  }

  /** Stops the actor of a retired instance once what was queued before has been handed back. */
  private enum Retire implements Command {
    INSTANCE
  }

  EntityInstance(
      EntityRuntime runtime,
      RegisteredType type,
      String entityId,
      ShardId shard,
      String actorName) {
    this.runtime = runtime;
    this.type = type;
    this.address = new EntityAddress(type.name(), entityId);
    this.shard = shard;
    this.log = LoggerFactory.getLogger("io.cruster.sharding.Entity." + type.name());
    this.lastUsedMillis = runtime.clock().millis();
    this.waits = runtime.waits().child();
    this.actor =
        runtime
            .system()
            .systemActorOf(behavior(), actorName, Props.mailboxCapacity(type.mailboxCapacity));
  }

  private Behavior<Command> behavior() {
    // Handlers catch their own failures; resuming is the safety net that keeps an entity serving
    // regardless.
    return Behaviors.supervise(
            Behaviors.<Command>setup(
                ctx -> {
                  try {
                    committed = runtime.loadState(this);
                    loaded.complete(null);
                    runtime.activated(this);
                  } catch (RuntimeException e) {
                    LOG.warn("{}: activation failed; its requests will be retried", address, e);
                    loaded.completeExceptionally(e);
                    runtime.removeFailed(this);
                    return failed(e);
                  }
                  return Behaviors.withTimers(
                      timers -> {
                        Duration idle = type.maxIdleTime;
                        timers.startSingleTimer(IdleTick.INSTANCE, idle);
                        return Behaviors.receive(Command.class)
                            // One idle timer runs from activation on; work only moves
                            // lastUsedMillis, and each tick re-arms for what is
                            // left of the idle time, so no timer is touched per message.
                            .onMessage(
                                Deliver.class,
                                (c, d) -> {
                                  workStarted();
                                  dequeued();
                                  try {
                                    if (retired || lost()) {
                                      // Not run: it stays pending in storage for whoever serves
                                      // the shard now (a runner resumed past its lease runs
                                      // nothing for the shards it lost).
                                      runtime.requests().handedBack(d.request());
                                      return Behaviors.same();
                                    }
                                    withMdc(
                                        d.request().request().requestId(),
                                        () -> {
                                          try {
                                            onDeliver(d.request(), d.fresh(), d.message());
                                          } catch (RuntimeException e) {
                                            runtime
                                                .requests()
                                                .deliveryFailed(
                                                    d.request(),
                                                    e); // e.g. storage unreachable: retried later
                                          }
                                        });
                                  } finally {
                                    workEnded();
                                  }
                                  return Behaviors.same();
                                })
                            .onMessage(
                                RunStep.class,
                                (c, s) -> {
                                  lastUsedMillis = runtime.clock().millis();
                                  workStarted();
                                  try {
                                    if (retired || lost()) {
                                      s.result()
                                          .completeExceptionally(
                                              retired
                                                  ? new RuntimeClosedException()
                                                  : RuntimeClosedException.lost(shard));
                                      return Behaviors.same();
                                    }
                                    withMdc(
                                        s.executionId(),
                                        () -> {
                                          try (Observation.Scope scope =
                                              s.observation().makeCurrent()) {
                                            onStep(s);
                                          } catch (RuntimeException e) {
                                            s.result().completeExceptionally(e);
                                          }
                                        });
                                  } finally {
                                    workEnded();
                                  }
                                  return Behaviors.same();
                                })
                            .onMessageEquals(Retire.INSTANCE, c -> Behaviors.stopped())
                            .onMessageEquals(
                                IdleTick.INSTANCE,
                                c -> {
                                  if (retired) {
                                    return Behaviors.stopped();
                                  }
                                  Duration quiet =
                                      Duration.ofMillis(runtime.clock().millis() - lastUsedMillis);
                                  if (quiet.compareTo(idle) >= 0 && runtime.tryPassivate(this)) {
                                    return Behaviors.stopped();
                                  }
                                  timers.startSingleTimer(
                                      IdleTick.INSTANCE,
                                      quiet.compareTo(idle) >= 0 ? idle : idle.minus(quiet));
                                  return Behaviors.same();
                                })
                            .build();
                      });
                }))
        .onFailure(SupervisorStrategy.resume());
  }

  /**
   * After a failed activation: the instance is out of the map, so the next request activates a
   * fresh one; what was already queued here fails its delivery (to be retried), and the actor stops
   * once it has been idle.
   */
  private Behavior<Command> failed(RuntimeException cause) {
    return Behaviors.withTimers(
        timers -> {
          timers.startSingleTimer(IdleTick.INSTANCE, type.maxIdleTime);
          return Behaviors.receive(Command.class)
              .onMessage(
                  Deliver.class,
                  (c, d) -> {
                    runtime.requests().deliveryFailed(d.request(), cause);
                    return Behaviors.same();
                  })
              .onMessage(
                  RunStep.class,
                  (c, s) -> {
                    s.result().completeExceptionally(cause);
                    return Behaviors.same();
                  })
              .onMessageEquals(IdleTick.INSTANCE, c -> Behaviors.stopped())
              .build();
        });
  }

  private void onDeliver(RequestState r, boolean fresh, Object given) {
    String requestId = r.request().requestId();
    if (!fresh && !runtime.requests().stillPending(requestId)) {
      return; // a poll raced with the first dispatch: it is done already
    }
    Object message;
    HandlerDef def;
    try {
      def =
          type.model()
              .handler(r.request().tag())
              .orElseThrow(
                  () ->
                      new UnknownMessageException(
                          "entity type "
                              + type.name()
                              + " has no handler for tag ["
                              + r.request().tag()
                              + "]"));
      message = given != null ? given : type.model().serializer().fromBytes(r.request().payload());
    } catch (RuntimeException e) {
      runtime.requests().undeliverable(r, e);
      return;
    }
    if (def.kind() == MessageKind.ACTIVITY) {
      Commit.Builder commit = newCommit();
      ReplyRecord[] reply = new ReplyRecord[1];
      Observation o =
          runtime
              .instrumentation()
              .handle(
                  type.name(),
                  address.entityId(),
                  def.tag(),
                  "activity",
                  requestId,
                  r.request().traceContext());
      ActivityRunner.StepResult res;
      try (Observation.Scope scope = o.makeCurrent()) {
        res =
            activities.run(
                def,
                message,
                commit,
                (ok, bytes) -> {
                  reply[0] = new ReplyRecord(requestId, !ok, bytes, runtime.now());
                  commit.reply(reply[0]);
                });
      } catch (RuntimeException e) {
        o.end(e);
        throw e;
      }
      o.end(res.failure());
      if (res.committed()) {
        runtime.requests().onReply(reply[0], res.value());
      } else if (res.failure() instanceof RuntimeClosedException) {
        runtime.requests().handedBack(r); // not run: the shard's owner runs it
      } else {
        runtime.requests().deliveryFailed(r, res.failure());
      }
    } else if (!workflows.containsKey(requestId)) {
      WorkflowRun run = new WorkflowRun(this, def, message, r, fresh);
      workflows.put(requestId, run);
      run.thread =
          Thread.ofVirtual().name("workflow-" + address).start(() -> withMdc(requestId, run));
    }
  }

  /**
   * Runs a workflow's activity step; its future gets the committed journal entry (a success or a
   * failure).
   */
  private void onStep(RunStep s) {
    Commit.Builder commit = newCommit();
    JournalEntry[] entry = new JournalEntry[1];
    ActivityRunner.StepResult res =
        activities.run(
            s.def(),
            s.message(),
            commit,
            s.deadline(),
            s.last(),
            (ok, bytes) -> {
              entry[0] =
                  new JournalEntry(
                      s.executionId(),
                      s.step(),
                      StepKind.ACTIVITY,
                      s.def().tag(),
                      bytes,
                      !ok,
                      runtime.now());
              commit.journal(entry[0]);
            });
    if (res.committed()) {
      s.result().complete(entry[0]);
    } else {
      s.result().completeExceptionally(res.failure());
    }
  }

  /**
   * Runs {@code work} with the entity in the MDC ({@value #MDC_TYPE}, {@value #MDC_ID}, {@value
   * #MDC_RUNNER}, and {@value #MDC_REQUEST} unless {@code requestId} is empty), as every entity log
   * line has it; what the MDC held before is restored afterwards, not removed.
   */
  void withMdc(String requestId, Runnable work) {
    String type0 = MDC.get(MDC_TYPE);
    String id0 = MDC.get(MDC_ID);
    String request0 = MDC.get(MDC_REQUEST);
    String runner0 = MDC.get(MDC_RUNNER);
    MDC.put(MDC_TYPE, address.entityType());
    MDC.put(MDC_ID, address.entityId());
    MDC.put(MDC_RUNNER, runtime.runner());
    if (requestId.isEmpty()) {
      MDC.remove(MDC_REQUEST);
    } else {
      MDC.put(MDC_REQUEST, requestId);
    }
    try {
      work.run();
    } finally {
      restore(MDC_TYPE, type0);
      restore(MDC_ID, id0);
      restore(MDC_REQUEST, request0);
      restore(MDC_RUNNER, runner0);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  static final String MDC_TYPE = "cruster.entityType";
  static final String MDC_ID = "cruster.entityId";
  static final String MDC_REQUEST = "cruster.requestId";
  static final String MDC_RUNNER = "cruster.runner";

  /**
   * A future completed the next time {@code name} is resolved here; register before checking
   * storage.
   */
  CompletableFuture<Void> deferredSignal(String name) {
    return deferredSignals.compute(
        name, (n, f) -> f == null || f.isDone() ? new CompletableFuture<>() : f);
  }

  void deferredResolved(String name) {
    CompletableFuture<Void> f = deferredSignals.remove(name);
    if (f != null) {
      f.complete(null);
    }
  }

  // ---- work in progress (counted for passivation and hand-over)

  /** A delivery was routed to the actor. */
  void enqueued() {
    pending.incrementAndGet();
  }

  /** A delivery routed here did not reach the actor after all, or the actor took it. */
  void dequeued() {
    pending.decrementAndGet();
    settled();
  }

  void workStarted() {
    busy.incrementAndGet();
  }

  void workEnded() {
    busy.decrementAndGet();
    settled();
  }

  /** A workflow execution stopped running here (finished, failed for good, or stopped). */
  void workflowEnded(String executionId) {
    workflows.remove(executionId);
    settled();
  }

  /** Deliveries queued at the actor. */
  int queued() {
    return pending.get();
  }

  /** Nothing queued and nothing running but workflows (which may wait a long time). */
  boolean drained() {
    return pending.get() == 0 && busy.get() == 0;
  }

  /** Nothing running, workflows included. */
  boolean quiet() {
    return busy.get() == 0 && workflows.isEmpty();
  }

  boolean idle() {
    return pending.get() == 0 && busy.get() == 0 && workflows.isEmpty();
  }

  /** Completes once {@code condition} holds: now, or when the work that keeps it false ends. */
  CompletableFuture<Void> when(Predicate<EntityInstance> condition) {
    Watch w = new Watch(condition, new CompletableFuture<>());
    watches.add(w);
    settled(); // registered first, then checked: a change in between is not missed
    return w.met();
  }

  private void settled() {
    if (watches.isEmpty()) {
      return;
    }
    for (Watch w : watches) {
      if (w.condition().test(this)) {
        w.met().complete(null);
        watches.remove(w);
      }
    }
  }

  /**
   * A commit for this entity, fenced with its shard's token when the node fences (a cluster
   * runner): refused by storage if the shard has moved on to a newer epoch.
   */
  Commit.Builder newCommit() {
    Commit.Builder commit = Commit.builder();
    fence().ifPresent(commit::fence);
    return commit;
  }

  /**
   * The token of this entity's shard when the node fences (a cluster runner), for fenced writes.
   */
  Optional<io.cruster.persistence.spi.FencingToken> fence() {
    return Optional.ofNullable(runtime.fencingToken(shard));
  }

  // ---- retirement (the shard leaves this node)

  /**
   * Stops serving: queued deliveries are handed back, running workflows stop at their next wait
   * (their requests stay pending, their journals continue elsewhere), the actor stops. Activities
   * and rpcs already running finish. Never blocks; idempotent.
   */
  void retire() {
    if (retired) {
      return;
    }
    retired = true;
    waits.end();
    for (WorkflowRun run : workflows.values()) {
      Thread t = run.thread;
      if (t != null) {
        t.interrupt();
      }
    }
    try {
      actor.tell(Retire.INSTANCE);
    } catch (RuntimeException fullOrStopped) {
      // the idle tick stops it instead
    }
  }

  boolean isRetired() {
    return retired;
  }

  /**
   * This node may no longer run work for the entity's shard ({@link EntityRuntime#mayRun}): the
   * shard moved, or the runner's lease deadline passed. Checked before every handler, workflow step
   * and timer; cheap.
   */
  boolean lost() {
    return !runtime.mayRun(shard);
  }

  /**
   * Throws {@link RuntimeClosedException} if {@link #lost()}: a workflow stops there without
   * recording anything and continues from its journal wherever the shard is served.
   */
  void checkServed() {
    if (lost()) {
      throw RuntimeClosedException.lost(shard);
    }
  }

  @Override
  public String toString() {
    return "Entity[" + address + "]";
  }
}
