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
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.StepKind;
import io.cruster.persistence.spi.StoredState;
import io.cruster.sharding.ActivityHandler;
import io.cruster.sharding.UnknownMessageException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
  final AtomicInteger pending = new AtomicInteger();
  final AtomicInteger busy = new AtomicInteger();
  final Map<String, WorkflowRun> workflows = new ConcurrentHashMap<>();

  /** Futures its workflows wait on; completed exceptionally when the instance is retired. */
  final java.util.Set<CompletableFuture<?>> waits = ConcurrentHashMap.newKeySet();

  private volatile boolean retired;
  private final Map<String, CompletableFuture<Void>> deferredSignals = new ConcurrentHashMap<>();
  volatile Snapshot committed;

  /**
   * Whether {@link #committed} may be behind the database (set after a failed commit; actor thread
   * only).
   */
  private boolean stale;

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

  /** An activity step of a running workflow. */
  record RunStep(
      HandlerDef def,
      Object message,
      String executionId,
      int step,
      CompletableFuture<JournalEntry> result)
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
                                  busy.incrementAndGet();
                                  pending.decrementAndGet();
                                  try {
                                    if (retired) {
                                      runtime.requests().handedBack(d.request());
                                      return Behaviors.same();
                                    }
                                    withMdc(
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
                                    busy.decrementAndGet();
                                  }
                                  return Behaviors.same();
                                })
                            .onMessage(
                                RunStep.class,
                                (c, s) -> {
                                  lastUsedMillis = runtime.clock().millis();
                                  busy.incrementAndGet();
                                  try {
                                    if (retired) {
                                      s.result()
                                          .completeExceptionally(
                                              new EntityRuntime.RuntimeClosedException());
                                      return Behaviors.same();
                                    }
                                    withMdc(
                                        () -> {
                                          try {
                                            onStep(s);
                                          } catch (RuntimeException e) {
                                            s.result().completeExceptionally(e);
                                          }
                                        });
                                  } finally {
                                    busy.decrementAndGet();
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
      Commit.Builder commit = Commit.builder();
      ReplyRecord[] reply = new ReplyRecord[1];
      StepResult res =
          runActivity(
              def,
              message,
              commit,
              (ok, bytes) -> {
                reply[0] = new ReplyRecord(requestId, !ok, bytes, runtime.now());
                commit.reply(reply[0]);
              });
      if (res.committed()) {
        runtime.requests().onReply(reply[0], res.value());
      } else {
        runtime.requests().deliveryFailed(r, res.failure());
      }
    } else if (!workflows.containsKey(requestId)) {
      WorkflowRun run = new WorkflowRun(this, def, message, r);
      workflows.put(requestId, run);
      run.thread = Thread.ofVirtual().name("workflow-" + address).start(() -> withMdc(run));
    }
  }

  /**
   * Runs a workflow's activity step; its future gets the committed journal entry (a success or a
   * failure).
   */
  private void onStep(RunStep s) {
    Commit.Builder commit = Commit.builder();
    JournalEntry[] entry = new JournalEntry[1];
    StepResult res =
        runActivity(
            s.def(),
            s.message(),
            commit,
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

  /** How an activity's outcome is recorded in its commit: as a reply or as a journal entry. */
  interface Outcome {
    void record(boolean success, byte[] bytes);
  }

  /**
   * What an activity came to: its value or failure, and whether that outcome was committed (false:
   * storage failed, nothing changed, the delivery may be retried).
   */
  record StepResult(Object value, RuntimeException failure, boolean committed) {}

  /**
   * Runs an activity on a working copy, then commits its state changes and outcome together. A
   * handler failure commits only the failure; a storage failure commits nothing and leaves the
   * committed state as it was.
   */
  @SuppressWarnings("unchecked")
  private StepResult runActivity(
      HandlerDef def, Object message, Commit.Builder commit, Outcome outcome) {
    if (stale) {
      // A commit failed without a clear outcome (the connection died around COMMIT): the database
      // may hold a newer
      // version than this instance knows. Read it again before building on it.
      try {
        committed = runtime.loadState(this);
        stale = false;
      } catch (RuntimeException e) {
        return new StepResult(null, e, false);
      }
    }
    Snapshot before = committed;
    ActivityContextImpl.Work work = new ActivityContextImpl.Work(before);
    try {
      Object result;
      try {
        result =
            ((ActivityHandler<Object, Object, Object>) def.handler())
                .handle(new ActivityContextImpl(this, def.trait(), work), message);
      } catch (Throwable t) {
        Thread.interrupted();
        closeSql(work); // the activity's own SQL rolls back with it
        return commitFailure(commit, outcome, Failures.asCallFailure(address + " " + def.tag(), t));
      }
      try {
        outcome.record(true, type.model().serializer().toBytes(result));
        boolean changed = work.state != before.state() || !work.traits.equals(before.traits());
        Snapshot next = before;
        if (changed) {
          next = new Snapshot(work.state, Map.copyOf(work.traits), before.version() + 1);
          commit.state(new StateWrite(address, encode(next)));
        }
        work.deferreds.forEach(commit::deferred);
        if (work.sql != null) {
          work.sql.commit(commit.build());
        } else {
          runtime.storage().commit(commit.build());
        }
        committed = next;
        work.resolvedNames.forEach(this::deferredResolved);
        return new StepResult(result, null, true);
      } catch (RuntimeException e) {
        LOG.warn("{}: {} could not be committed", address, def.tag(), e);
        stale = true;
        return new StepResult(null, e, false);
      }
    } finally {
      closeSql(work);
    }
  }

  private static void closeSql(ActivityContextImpl.Work work) {
    if (work.sql != null) {
      work.sql.close();
      work.sql = null;
    }
  }

  private StepResult commitFailure(
      Commit.Builder commit, Outcome outcome, RuntimeException failure) {
    try {
      outcome.record(false, Failures.bytes(type.model().serializer(), failure));
      runtime.storage().commit(commit.build());
      return new StepResult(null, failure, true);
    } catch (RuntimeException e) {
      LOG.warn("{}: the failure of an activity could not be recorded", address, e);
      return new StepResult(null, e, false);
    }
  }

  StoredState encode(Snapshot s) {
    Map<String, byte[]> traits = new HashMap<>();
    s.traits().forEach((name, value) -> traits.put(name, type.model().serializer().toBytes(value)));
    return new StoredState(type.model().serializer().toBytes(s.state()), traits, s.version());
  }

  /**
   * Runs {@code work} with the entity's address in the MDC ({@value #MDC_KEY}), as every entity log
   * line has it.
   */
  void withMdc(Runnable work) {
    MDC.put(MDC_KEY, address.toString());
    try {
      work.run();
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  static final String MDC_KEY = "cruster.entity";

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

  // ---- waiting (a workflow's waits end when its instance is retired)

  /** As {@link EntityRuntime#await(CompletableFuture)}, also ended by {@link #retire()}. */
  void await(CompletableFuture<?> f) {
    waits.add(f);
    try {
      if (retired) {
        throw new EntityRuntime.RuntimeClosedException();
      }
      runtime.await(f);
    } finally {
      waits.remove(f);
    }
  }

  /**
   * Blocks until {@code f} completes or {@code max} passes on the cluster clock, or the instance is
   * retired.
   */
  void awaitAtMost(CompletableFuture<?> f, Duration max) {
    io.cruster.actors.Cancellable task = runtime.scheduler().schedule(max, () -> f.complete(null));
    try {
      await(f);
    } finally {
      task.cancel();
    }
  }

  /** Blocks until the cluster clock reaches {@code wakeAt}, or the instance is retired. */
  void sleepUntil(java.time.Instant wakeAt) {
    Duration left = Duration.between(runtime.now(), wakeAt);
    if (left.isPositive()) {
      awaitAtMost(new CompletableFuture<Void>(), left);
    }
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
    for (CompletableFuture<?> w : waits) {
      w.cancel(false);
    }
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
   * Waits until nothing runs on the retired instance any more, at most until {@code deadlineNanos}.
   */
  boolean awaitQuiet(long deadlineNanos) {
    while (busy.get() > 0 || !workflows.isEmpty()) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  boolean idle() {
    return pending.get() == 0 && busy.get() == 0 && workflows.isEmpty();
  }

  @Override
  public String toString() {
    return "Entity[" + address + "]";
  }
}
