package io.cruster.sharding.internal;

import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behaviors;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.DeadLetteredRequest;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.Singleton;
import io.cruster.sharding.Workflows;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.NodeInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity runtime of one node: it owns the live instances and routes work to them, and wires the
 * parts that do the rest: the registered {@link EntityTypes}, durable {@link Requests} from save to
 * reply, {@link Rpcs}, {@link DeferredSignals}, the {@link Poller} (scheduled messages, retries,
 * recovery), singleton {@link Runners}, {@link DeadLetters} and the {@link HandOver} of shards that
 * leave.
 *
 * <p>Which shards are served here is the {@link Placement}'s to say: all of them on a single node,
 * the shards whose locks this runner holds in a cluster ({@link #attachCluster}). Work for an
 * entity whose shard is not served here goes to its owner through {@link Remote}; {@link #route}
 * refuses it with {@link ShardMovedException}, checked in the same map compute that activates
 * instances, so an instance is never created for a shard being handed over.
 *
 * <p>Every timing decision reads the injected {@link Scheduler} (a manual one in tests).
 * Thread-safe.
 */
public final class EntityRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EntityRuntime.class);

  private final String name;
  private final Storage storage;
  private final ShardingConfig config;
  private final Scheduler scheduler;
  private final Clock clock;
  private final ActorSystem<Void> system;
  private final EntityTypes types;
  private final Waits waits;
  private final AtomicLong actorNames = new AtomicLong();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Instrumentation instrumentation = Instrumentation.NONE;
  private volatile String runner;
  private final Requests requests;
  private final Rpcs rpcs = new Rpcs(this);
  private final DeferredSignals deferreds = new DeferredSignals(this);
  private final Runners runners = new Runners(this);
  private final DeadLetters deadLetters;
  private final Poller poller = new Poller(this);
  private final WorkflowControl workflows;
  private volatile boolean closed;
  private volatile Placement placement;

  /** The fencing tokens of the shards served here (cluster nodes only); see {@link #fence}. */
  private final java.util.concurrent.ConcurrentHashMap<ShardId, FencingToken> fencing =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Null on a single node: every shard is local. */
  private volatile Remote remote;

  public EntityRuntime(
      String name, Storage storage, ShardingConfig config, Scheduler scheduler, Clock clock) {
    this.name = name;
    this.storage = storage;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.types = new EntityTypes(config);
    this.waits = Waits.root(scheduler);
    this.placement = Placement.all(types.shards());
    this.requests = new Requests(this);
    this.deadLetters = new DeadLetters(storage, requests);
    this.workflows = new WorkflowControl(this);
    this.system =
        ActorSystem.create(
            Behaviors.empty(), name, ActorSystemSettings.builder().scheduler(scheduler).build());
  }

  /**
   * Starts the poller: requests and workflows left unfinished by an earlier run, scheduled messages
   * and retries are picked up from then on. Calls made through this runtime's clients are served
   * with or without it. Idempotent.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      workflows.start();
      Thread.ofVirtual().name(name + "-poller").start(poller::loop);
    }
  }

  // ---- wiring

  /**
   * Serves only what {@code placement} says is local and sends the rest through {@code remote}.
   * Call before start.
   */
  public void attachCluster(Placement placement, RemoteRunners remote) {
    this.placement = Objects.requireNonNull(placement, "placement");
    this.remote = Objects.requireNonNull(remote, "remote");
  }

  /**
   * Begins new epochs of {@code shards} in storage before this node serves them: from then on
   * commits for their entities carry the new tokens, and commits with older ones (a runner that
   * held them before and does not know it lost them) are refused. Blocks for storage.
   *
   * @throws io.cruster.persistence.StorageException when storage fails; the shards must not be
   *     served then
   */
  public void fence(java.util.Collection<ShardId> shards) {
    if (shards.isEmpty()) {
      return;
    }
    for (FencingToken token : storage.fenceShards(shards)) {
      fencing.put(token.shard(), token);
    }
  }

  /** Forgets the tokens of shards no longer served here. */
  public void unfence(java.util.Collection<ShardId> shards) {
    shards.forEach(fencing::remove);
  }

  /** The token commits for entities of {@code shard} carry; null when the node fences nothing. */
  FencingToken fencingToken(ShardId shard) {
    return fencing.get(shard);
  }

  /**
   * Reports this node's work to {@code all} (none: nothing is recorded), naming it {@code runner}
   * in spans, logs and health. Call before start.
   */
  public void instrument(List<Instrumentation> all, String runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
    Instrumentation bound = Instruments.of(List.copyOf(all), new Info());
    this.instrumentation = bound;
    if (bound != Instrumentation.NONE) {
      storage.listen(bound::groupCommitted);
    }
  }

  /** Names the runner from now on (its advertised address, once known). */
  public void runnerName(String runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** What this node reports to: {@link Instrumentation#NONE} unless instrumented. */
  public Instrumentation instrumentation() {
    return instrumentation;
  }

  /** The runner's name in spans, logs and health: its address in a cluster. */
  public String runner() {
    String r = runner;
    return r == null ? name : r;
  }

  /** What the instrumentations read from this node. */
  private final class Info implements NodeInfo {
    @Override
    public String runner() {
      return EntityRuntime.this.runner();
    }

    @Override
    public Map<String, Integer> liveEntities() {
      return liveEntitiesByType();
    }

    @Override
    public long mailboxDepth() {
      return queuedDeliveries();
    }

    @Override
    public int requestsInFlight() {
      return requests.inFlight();
    }

    @Override
    public int workflowsRunning() {
      return types.runningWorkflows();
    }

    @Override
    public int servedShards() {
      return EntityRuntime.this.servedShards();
    }

    @Override
    public int transportInFlight() {
      Remote r = remote;
      return r == null ? 0 : r.inFlight();
    }
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

  /**
   * One poll pass now (tests and tools; the poller started by {@link #start()} runs them on its
   * own).
   */
  public void poll() {
    poller.pass();
  }

  // ---- registration and clients

  public EntityClient register(EntityType<?> type) {
    types.register(type);
    return client(type);
  }

  public EntityClient client(EntityType<?> type) {
    return client(Models.of(type), Caller.CLIENT);
  }

  EntityClient client(EntityModel<?> model, Caller caller) {
    return new ClientImpl(this, type(model.name()), caller);
  }

  RegisteredType type(String typeName) {
    return types.get(typeName);
  }

  // ---- what operators see

  /** The shard groups of the registered entity types. */
  public Set<String> groups() {
    return types.groups();
  }

  /** The live entities of every registered type, by type name. */
  public Map<String, Integer> liveEntitiesByType() {
    return types.liveEntitiesByType();
  }

  /** How many shards this node serves now. */
  public int servedShards() {
    return placement.servedShards().size();
  }

  /** Deliveries queued at live entities, summed: the depth of the entity mailboxes. */
  public long queuedDeliveries() {
    return types.queuedDeliveries();
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

  public List<DeadLetteredRequest> deadLetters(int limit) {
    return deadLetters.list(limit);
  }

  public boolean redrive(String requestId) {
    return deadLetters.redrive(requestId);
  }

  /** Who serves each shard as this node sees it; {@code self} names this node. Never blocks. */
  public io.cruster.sharding.ShardMap shardMap(String self) {
    return Inspection.shardMap(this, self);
  }

  /** An entity's committed state and pending requests, read from storage. Blocks on storage. */
  public io.cruster.sharding.EntitySnapshot entity(String typeName, String entityId) {
    return Inspection.entity(this, typeName, entityId);
  }

  // ---- accessors for the runtime's parts

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

  /** The clock and timers every timing decision of this node reads. */
  public Scheduler scheduler() {
    return scheduler;
  }

  ActorSystem<Void> system() {
    return system;
  }

  EntityTypes types() {
    return types;
  }

  Requests requests() {
    return requests;
  }

  /** The workflow executions running and awaited here. */
  WorkflowControl workflowControl() {
    return workflows;
  }

  /** The cluster's workflow executions, seen from this node. */
  public Workflows workflows() {
    return workflows.api();
  }

  Rpcs rpcs() {
    return rpcs;
  }

  DeferredSignals deferreds() {
    return deferreds;
  }

  /** The waits of the node: ended when it closes. */
  Waits waits() {
    return waits;
  }

  Placement placement() {
    return placement;
  }

  /** The other runners, or null on a single node. */
  Remote remote() {
    return remote;
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether the shard is served here now. */
  boolean isLocal(ShardId shard) {
    return placement.isLocal(shard);
  }

  /**
   * Whether work already routed here for {@code shard} may still run ({@link Placement#mayRun}):
   * checked before every handler, workflow step and timer. No lock.
   */
  boolean mayRun(ShardId shard) {
    return placement.mayRun(shard);
  }

  /** The shard of an entity of a registered type. */
  ShardId shardOf(RegisteredType t, String entityId) {
    return types.shardOf(t, entityId);
  }

  // ---- live instances

  /** Runs {@code action} on the live instance of an entity, activating it first if needed. */
  EntityInstance route(RegisteredType t, String entityId, Consumer<EntityInstance> action) {
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
                String actorName = "entity-" + t.name() + "-" + actorNames.incrementAndGet();
                i = new EntityInstance(this, t, id, shard, actorName);
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
      passivated(instance);
      LOG.debug("{}: passivated", instance.address);
    }
    return removed[0];
  }

  void activated(EntityInstance instance) {
    instrumentation.entityActivated(instance.type.name(), instance.address.entityId());
  }

  /** An instance left memory (passivated, or stopped by a hand-over). */
  void passivated(EntityInstance instance) {
    instance.type.passivations.incrementAndGet();
    instrumentation.entityPassivated(instance.type.name(), instance.address.entityId());
  }

  /** An instance whose activation failed leaves the map, so the next request tries again. */
  void removeFailed(EntityInstance instance) {
    instance.type.instances.remove(instance.address.entityId(), instance);
  }

  Snapshot loadState(EntityInstance instance) {
    return StateLoader.load(instance);
  }

  /**
   * Stops the live entities of the shards {@code leaving} selects ({@link HandOver}). Blocks up to
   * twice {@code grace}. Returns how many entities it stopped.
   */
  public int handOver(Predicate<ShardId> leaving, Duration grace) {
    return HandOver.run(this, leaving, grace);
  }

  // ---- singletons

  public void singleton(String singletonName, Singleton body) {
    runners.start(singletonName, body);
  }

  /**
   * Starts the singletons whose shard became local and stops (waiting up to {@code grace}) those
   * whose shard did not stay local. Blocks while stopping.
   */
  public void refreshSingletons(Duration grace) {
    runners.refresh(grace);
  }

  /** The names of the singletons running on this node now. */
  public Set<String> runningSingletons() {
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
    waits.end();
    runners.stopAll();
    try {
      system.close();
    } catch (CrusterException e) {
      LOG.warn("entity actors did not all stop in time", e);
    }
    requests.close();
    workflows.close();
  }
}
