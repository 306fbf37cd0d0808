package io.cruster.sharding.internal;

import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behaviors;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.UnknownEntityTypeException;
import io.cruster.sharding.spi.MetricsListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity runtime of one node: registered types, live instances, requests from save to reply
 * ({@link Requests}), and the poller that covers scheduled messages, retries and recovery.
 *
 * <p>Which shards are served here is the {@link Placement}'s to say: all of them on a single node,
 * the shards whose locks this runner holds in a cluster ({@link #attachCluster}). Work for an
 * entity whose shard is not served here goes to its owner through {@link Remote}; {@link #route}
 * refuses it with {@link ShardMovedException}, checked in the same map compute that activates
 * instances, so an instance is never created for a shard being handed over.
 */
public final class EntityRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EntityRuntime.class);

  private final Storage storage;
  private final ShardingConfig config;
  private final Scheduler scheduler;
  private final Clock clock;
  private final ActorSystem<Void> system;
  private final Map<String, RegisteredType> types = new ConcurrentHashMap<>();
  private final Set<ShardId> shards = ConcurrentHashMap.newKeySet();
  private final Set<CompletableFuture<?>> waits = ConcurrentHashMap.newKeySet();
  private final AtomicLong actorNames = new AtomicLong();
  private final Runners runners = new Runners(this);
  private final Requests requests;
  private final String name;
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;
  private volatile Placement placement = Placement.all(shards);

  /** Null on a single node: every shard is local. */
  private volatile Remote remote;

  private volatile MetricsListener metrics = MetricsListener.NONE;
  private final Poller poller = new Poller(this);

  public EntityRuntime(
      String name, Storage storage, ShardingConfig config, Scheduler scheduler, Clock clock) {
    this.storage = storage;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.requests = new Requests(this);
    this.system =
        ActorSystem.create(
            Behaviors.empty(), name, ActorSystemSettings.builder().scheduler(scheduler).build());
    this.name = name;
  }

  /**
   * Starts the poller: requests and workflows left unfinished by an earlier run, scheduled messages
   * and retries are picked up from then on. Calls made through this runtime's clients are served
   * with or without it. Idempotent.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      Thread.ofVirtual().name(name + "-poller").start(poller::loop);
    }
  }

  // ---- cluster wiring

  /**
   * Serves only what {@code placement} says is local and sends the rest through {@code remote}.
   * Call before start.
   */
  public void attachCluster(Placement placement, RemoteRunners remote) {
    this.placement = java.util.Objects.requireNonNull(placement, "placement");
    this.remote = java.util.Objects.requireNonNull(remote, "remote");
  }

  /** Where {@link MetricsListener} events go. */
  public void metrics(MetricsListener listener) {
    this.metrics = java.util.Objects.requireNonNull(listener, "listener");
  }

  Placement placement() {
    return placement;
  }

  /**
   * Calls {@code event} on the metrics listener; a failing listener is logged, never propagated.
   */
  public void notifyMetrics(java.util.function.Consumer<MetricsListener> event) {
    try {
      event.accept(metrics);
    } catch (RuntimeException e) {
      LOG.warn("metrics listener failed", e);
    }
  }

  /**
   * Reports {@code call} to the metrics listener when it completes (nothing is measured without a
   * listener).
   */
  CompletableFuture<Object> measured(
      RegisteredType t, String entityId, HandlerDef def, CompletableFuture<Object> call) {
    MetricsListener m = metrics;
    if (m == MetricsListener.NONE) {
      return call;
    }
    long start = System.nanoTime();
    boolean remoteCall = remote != null && !placement.isLocal(shardOf(t, entityId));
    call.whenComplete(
        (v, e) ->
            notifyMetrics(
                l ->
                    l.callCompleted(
                        t.name(), def.tag(), remoteCall, System.nanoTime() - start, e != null)));
    return call;
  }

  /** Whether the shard is served here now. */
  boolean isLocal(ShardId shard) {
    return placement.isLocal(shard);
  }

  /** The other runners, or null on a single node. */
  Remote remote() {
    return remote;
  }

  /**
   * Uses {@code id} as the machine id of the snowflake request ids made from now on (leased from
   * etcd).
   */
  public void machineId(int id) {
    requests.ids.machineId(id);
  }

  /** Makes the poller run a pass now (shards were just acquired). */
  public void pollSoon() {
    poller.wake();
  }

  /** The shard groups of the registered entity types. */
  public Set<String> groups() {
    Set<String> out = new java.util.TreeSet<>();
    types.values().forEach(t -> out.add(t.model().options().shardGroup()));
    return out;
  }

  /** The live entities of every registered type, by type name. */
  public Map<String, Integer> liveEntitiesByType() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    types.forEach((n, t) -> out.put(n, t.instances.size()));
    return out;
  }

  /**
   * Deliveries queued at live entities, summed over all of them: the depth of the entity mailboxes.
   */
  public long queuedDeliveries() {
    long n = 0;
    for (RegisteredType t : types.values()) {
      for (EntityInstance i : t.instances.values()) {
        n += i.pending.get();
      }
    }
    return n;
  }

  /** The shard of an entity of a registered type. */
  ShardId shardOf(RegisteredType t, String entityId) {
    return ShardHash.shardOf(t.model().options().shardGroup(), entityId, config.shardsPerGroup());
  }

  // ---- registration and clients

  public EntityClient register(EntityType<?> type) {
    RegisteredType t =
        new RegisteredType(type, config.entityMaxIdleTime(), config.entityMailboxCapacity());
    RegisteredType before = types.putIfAbsent(t.name(), t);
    if (before != null && before.type != type) {
      throw new IllegalStateException(
          "another entity type named " + t.name() + " is already registered");
    }
    String group = t.model().options().shardGroup();
    for (int i = 0; i < config.shardsPerGroup(); i++) {
      shards.add(new ShardId(group, i));
    }
    return client(type);
  }

  public EntityClient client(EntityType<?> type) {
    return client(Models.of(type), Caller.CLIENT);
  }

  EntityClient client(EntityModel<?> model, Caller caller) {
    return new ClientImpl(this, type(model.name()), caller);
  }

  RegisteredType type(String name) {
    RegisteredType t = types.get(name);
    if (t == null) {
      throw new UnknownEntityTypeException(
          "no entity type named [" + name + "] is registered; register it first");
    }
    return t;
  }

  // ---- accessors

  public Clock clock() {
    return clock;
  }

  Instant now() {
    return clock.instant();
  }

  Storage storage() {
    return storage;
  }

  ShardingConfig config() {
    return config;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  ActorSystem<Void> system() {
    return system;
  }

  Requests requests() {
    return requests;
  }

  boolean isClosed() {
    return closed;
  }

  /** Activations of a type's entities so far. */
  public long activations(String typeName) {
    return type(typeName).activations.get();
  }

  /** Passivations of a type's entities so far. */
  public long passivations(String typeName) {
    return type(typeName).passivations.get();
  }

  /** Entities of a type now in memory. */
  public int liveEntities(String typeName) {
    return type(typeName).instances.size();
  }

  // ---- routing

  /** Runs {@code action} on the live instance of an entity, activating it first if needed. */
  EntityInstance route(
      RegisteredType t, String entityId, java.util.function.Consumer<EntityInstance> action) {
    if (closed) {
      throw new CrusterException("the cluster node is closed");
    }
    RuntimeException[] failure = new RuntimeException[1];
    ShardId shard = shardOf(t, entityId);
    EntityInstance result =
        t.instances.compute(
            entityId,
            (id, live) -> {
              // Checked inside the compute: a hand-over marks the shard first, then stops the
              // instances it finds here.
              if (!placement.isLocal(shard)) {
                throw new ShardMovedException(shard);
              }
              EntityInstance i = live;
              if (i == null) {
                i =
                    new EntityInstance(
                        this,
                        t,
                        id,
                        shard,
                        "entity-" + t.name() + "-" + actorNames.incrementAndGet());
                t.activations.incrementAndGet();
              }
              i.lastUsedMillis = clock.millis();
              try {
                action.accept(i);
              } catch (RuntimeException e) {
                failure[0] = e;
              }
              return i;
            });
    if (failure[0] != null) {
      throw failure[0];
    }
    return result;
  }

  /**
   * Removes an idle instance; false when work arrived or the veto kept it. Called on the instance's
   * actor.
   */
  boolean tryPassivate(EntityInstance instance) {
    boolean allowed =
        instance
            .type
            .model()
            .options()
            .veto()
            .map(v -> v.allowPassivation(new RpcContextImpl(instance, null, instance.committed)))
            .orElse(true);
    boolean[] removed = new boolean[1];
    instance.type.instances.computeIfPresent(
        instance.address.entityId(),
        (id, live) -> {
          if (live == instance && instance.idle() && allowed) {
            removed[0] = true;
            return null;
          }
          return live;
        });
    if (removed[0]) {
      instance.type.passivations.incrementAndGet();
      passivated(instance);
      LOG.debug("{}: passivated", instance.address);
    }
    return removed[0];
  }

  void activated(EntityInstance instance) {
    notifyMetrics(m -> m.entityActivated(instance.address));
  }

  void passivated(EntityInstance instance) {
    notifyMetrics(m -> m.entityPassivated(instance.address));
  }

  /**
   * Stops the live entities of the shards {@code leaving} selects, which the placement no longer
   * calls local (so nothing new reaches them): lets their queued and running activities and rpcs
   * finish, up to {@code grace}, then retires them (queued deliveries handed back, workflows
   * stopped at their next wait to continue from their journals wherever the shard goes) and waits
   * for what still runs, up to {@code grace} again. Blocks. Returns how many entities it stopped.
   */
  public int handOver(java.util.function.Predicate<ShardId> leaving, Duration grace) {
    List<EntityInstance> leavingNow = new java.util.ArrayList<>();
    for (RegisteredType t : types.values()) {
      for (EntityInstance i : t.instances.values()) {
        if (leaving.test(i.shard)) {
          leavingNow.add(i);
        }
      }
    }
    long drainBy = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() - drainBy < 0
        && leavingNow.stream().anyMatch(i -> i.pending.get() > 0 || i.busy.get() > 0)) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
    leavingNow.forEach(EntityInstance::retire);
    long quietBy = System.nanoTime() + grace.toNanos();
    for (EntityInstance i : leavingNow) {
      if (!i.awaitQuiet(quietBy)) {
        LOG.warn(
            "{}: still running after the hand-over grace of {}; its shard is released anyway",
            i.address,
            grace);
      }
      if (i.type.instances.remove(i.address.entityId(), i)) {
        i.type.passivations.incrementAndGet();
        passivated(i);
      }
    }
    requests.shardsLeft(leaving);
    return leavingNow.size();
  }

  /** An instance whose activation failed leaves the map, so the next request tries again. */
  void removeFailed(EntityInstance instance) {
    instance.type.instances.remove(instance.address.entityId(), instance);
  }

  Snapshot loadState(EntityInstance instance) {
    return StateLoader.load(instance);
  }

  // ---- rpcs and streams

  /** Runs an rpc where its entity lives: here, or on the runner serving its shard. */
  CompletableFuture<Object> rpc(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout) {
    Remote r = remote;
    if (r != null) {
      ShardId shard = shardOf(t, entityId);
      if (!placement.isLocal(shard)) {
        return r.rpc(t, entityId, shard, def, message, caller, timeout);
      }
      try {
        return rpc(t, entityId, def, message);
      } catch (ShardMovedException moved) {
        return r.rpc(t, entityId, shard, def, message, caller, timeout);
      }
    }
    return rpc(t, entityId, def, message);
  }

  /**
   * Runs an rpc here; throws {@link ShardMovedException} if the entity's shard is not served here.
   */
  CompletableFuture<Object> rpc(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = route(t, entityId, i -> i.busy.incrementAndGet());
    CompletableFuture<Object> reply = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () ->
                instance.withMdc(
                    () -> {
                      try {
                        instance.loaded.get(config.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
                        @SuppressWarnings("unchecked")
                        var handler =
                            (io.cruster.sharding.RpcHandler<Object, Object, Object>) def.handler();
                        reply.complete(
                            handler.handle(
                                new RpcContextImpl(instance, def.trait(), instance.committed),
                                message));
                      } catch (Throwable e) {
                        reply.completeExceptionally(
                            Failures.asCallFailure(instance.address + " " + def.tag(), unwrap(e)));
                      } finally {
                        instance.busy.decrementAndGet();
                      }
                    }));
    return reply;
  }

  /** Runs a stream rpc where its entity lives: here, or on the runner serving its shard. */
  Stream<Object> stream(
      RegisteredType t, String entityId, HandlerDef def, Object message, Caller caller) {
    Remote r = remote;
    if (r != null) {
      ShardId shard = shardOf(t, entityId);
      if (!placement.isLocal(shard)) {
        return r.stream(t, entityId, shard, def, message, caller, config.callTimeout());
      }
      try {
        return stream(t, entityId, def, message);
      } catch (ShardMovedException moved) {
        return r.stream(t, entityId, shard, def, message, caller, config.callTimeout());
      }
    }
    return stream(t, entityId, def, message);
  }

  /**
   * Runs a stream rpc here; throws {@link ShardMovedException} if the entity's shard is not served
   * here.
   */
  Stream<Object> stream(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = route(t, entityId, i -> i.busy.incrementAndGet());
    return ChunkStream.start(instance, def, message, config.callTimeout());
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException
            || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static RuntimeException unwrapToRuntime(Throwable t) {
    Throwable u = unwrap(t);
    return u instanceof RuntimeException re ? re : new CrusterException(u.toString(), u);
  }

  // ---- deferreds

  boolean resolve(RegisteredType t, String entityId, String name, Object value) {
    io.cruster.actors.EntityAddress address =
        new io.cruster.actors.EntityAddress(t.name(), entityId);
    boolean resolved =
        storage.deferreds().resolve(address, name, t.model().serializer().toBytes(value));
    wakeDeferred(t, entityId, name);
    return resolved;
  }

  /**
   * Wakes workflows of the entity awaiting deferred {@code name}: here if it lives here, else on
   * the runner serving it (best effort: an awaiting workflow also re-checks storage every poll
   * interval).
   */
  void wakeDeferred(RegisteredType t, String entityId, String name) {
    EntityInstance live = t.instances.get(entityId);
    if (live != null) {
      live.deferredResolved(name);
    } else if (remote != null) {
      ShardId shard = shardOf(t, entityId);
      if (!placement.isLocal(shard)) {
        remote.resolved(new io.cruster.actors.EntityAddress(t.name(), entityId), shard, name);
      }
    }
  }

  // ---- waiting (workflow sleeps, awaits, retries)

  /**
   * Blocks the calling (virtual) thread until {@code f} completes or the runtime closes (then
   * {@link RuntimeClosedException}); a failure of {@code f} is rethrown as it is.
   */
  void await(CompletableFuture<?> f) {
    waits.add(f);
    try {
      if (closed) {
        throw new RuntimeClosedException();
      }
      f.join();
    } catch (java.util.concurrent.CancellationException e) {
      throw new RuntimeClosedException();
    } catch (java.util.concurrent.CompletionException e) {
      throw unwrapToRuntime(e);
    } finally {
      waits.remove(f);
    }
  }

  /**
   * Blocks until {@code f} completes or {@code max} passes on the cluster clock, or the runtime
   * closes.
   */
  void awaitAtMost(CompletableFuture<?> f, Duration max) {
    io.cruster.actors.Cancellable task = scheduler.schedule(max, () -> f.complete(null));
    try {
      await(f);
    } finally {
      task.cancel();
    }
  }

  /** Blocks until the clock reaches {@code wakeAt} (a manual clock must be advanced). */
  void sleepUntil(Instant wakeAt) {
    Duration left = Duration.between(now(), wakeAt);
    if (left.isPositive()) {
      awaitAtMost(new CompletableFuture<Void>(), left);
    }
  }

  // ---- the poller

  /**
   * One poll pass now (tests and tools; the poller started by {@link #start()} runs them on its
   * own).
   */
  public void poll() {
    poller.pass();
  }

  // ---- dead letters

  public List<io.cruster.sharding.DeadLetteredRequest> deadLetters(int limit) {
    return storage.messages().deadLetters(limit).stream()
        .map(
            s ->
                new io.cruster.sharding.DeadLetteredRequest(
                    s.request().requestId(),
                    s.request().address().entityType(),
                    s.request().address().entityId(),
                    s.request().tag(),
                    s.failures(),
                    s.lastError().orElse(""),
                    s.request().createdAt()))
        .toList();
  }

  public boolean redrive(String requestId) {
    java.util.Objects.requireNonNull(requestId, "requestId");
    if (!storage.messages().reopen(requestId)) {
      return false;
    }
    LOG.info("request {} re-driven from the dead letters", requestId);
    storage.messages().find(requestId).ifPresent(s -> requests.dispatch(s, Requests.Origin.CALLER));
    return true;
  }

  // ---- singletons

  public void singleton(String name, io.cruster.sharding.Singleton body) {
    runners.start(name, body);
  }

  /**
   * Starts the singletons whose shard became local and stops (waiting up to {@code grace}) those
   * whose shard did not stay local. Blocks while stopping.
   */
  public void refreshSingletons(Duration grace) {
    runners.refresh(grace);
  }

  /** The names of the singletons running on this node now. */
  public java.util.Set<String> runningSingletons() {
    return runners.running();
  }

  // ---- lifecycle

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    poller.wake();
    for (CompletableFuture<?> w : waits) {
      w.cancel(false);
    }
    runners.stopAll();
    try {
      system.close();
    } catch (CrusterException e) {
      LOG.warn("entity actors did not all stop in time", e);
    }
    requests.close();
  }

  /**
   * Ends waits of workflows and singletons when the runtime closes; they stop without recording
   * anything.
   */
  static final class RuntimeClosedException extends CrusterException {
    private static final long serialVersionUID = 1L;

    RuntimeClosedException() {
      super("the cluster node is closing");
    }
  }
}
