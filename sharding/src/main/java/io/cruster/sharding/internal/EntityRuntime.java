package io.cruster.sharding.internal;

import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behaviors;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.ShardId;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.UnknownEntityTypeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
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
 * The entity runtime of one node: registered types, live instances, requests from save to reply, and the poller
 * that covers scheduled messages, retries and recovery. Every shard of every registered group is local (one node);
 * the cluster issue adds routing to other nodes in front of {@link #dispatch}.
 *
 * <p>A durable request is saved first, then dispatched straight to its entity; {@link #inFlight} keeps a request
 * from being dispatched twice at once, and {@link #replies} holds the futures of callers waiting for replies.
 */
public final class EntityRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EntityRuntime.class);
  private static final int POLL_BATCH = 500;

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
  private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;

  public EntityRuntime(String name, Storage storage, ShardingConfig config, Scheduler scheduler, Clock clock) {
    this.storage = storage;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.requests = new Requests(this);
    this.system = ActorSystem.create(Behaviors.empty(), name, ActorSystemSettings.builder().scheduler(scheduler).build());
    this.name = name;
  }

  /**
   * Starts the poller: requests and workflows left unfinished by an earlier run, scheduled messages and retries
   * are picked up from then on. Calls made through this runtime's clients are served with or without it.
   * Idempotent.
   */
  public void start() {
    if (started.compareAndSet(false, true)) {
      Thread.ofVirtual().name(name + "-poller").start(this::pollLoop);
    }
  }

  // ---- registration and clients

  public EntityClient register(EntityType<?> type) {
    RegisteredType t = new RegisteredType(type, config.entityMaxIdleTime(), config.entityMailboxCapacity());
    RegisteredType before = types.putIfAbsent(t.name(), t);
    if (before != null && before.type != type) {
      throw new IllegalStateException("another entity type named " + t.name() + " is already registered");
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
      throw new UnknownEntityTypeException("no entity type named [" + name + "] is registered; register it first");
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
  EntityInstance route(RegisteredType t, String entityId, java.util.function.Consumer<EntityInstance> action) {
    if (closed) {
      throw new CrusterException("the cluster node is closed");
    }
    RuntimeException[] failure = new RuntimeException[1];
    EntityInstance result = t.instances.compute(entityId, (id, live) -> {
      EntityInstance i = live;
      if (i == null) {
        ShardId shard = ShardHash.shardOf(t.model().options().shardGroup(), id, config.shardsPerGroup());
        i = new EntityInstance(this, t, id, shard, "entity-" + t.name() + "-" + actorNames.incrementAndGet());
        t.activations.incrementAndGet();
      }
      i.lastUsed = now();
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

  /** Removes an idle instance; false when work arrived or the veto kept it. Called on the instance's actor. */
  boolean tryPassivate(EntityInstance instance) {
    boolean allowed = instance.type.model().options().veto()
        .map(v -> v.allowPassivation(new RpcContextImpl(instance, null, instance.committed)))
        .orElse(true);
    boolean[] removed = new boolean[1];
    instance.type.instances.computeIfPresent(instance.address.entityId(), (id, live) -> {
      if (live == instance && instance.idle() && allowed) {
        removed[0] = true;
        return null;
      }
      return live;
    });
    if (removed[0]) {
      instance.type.passivations.incrementAndGet();
      LOG.debug("{}: passivated", instance.address);
    }
    return removed[0];
  }

  /** An instance whose activation failed leaves the map, so the next request tries again. */
  void removeFailed(EntityInstance instance) {
    instance.type.instances.remove(instance.address.entityId(), instance);
  }

  Snapshot loadState(EntityInstance instance) {
    return StateLoader.load(instance);
  }

  // ---- rpcs and streams

  CompletableFuture<Object> rpc(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = route(t, entityId, i -> i.busy.incrementAndGet());
    CompletableFuture<Object> reply = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> instance.withMdc(() -> {
      try {
        instance.loaded.get(config.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        @SuppressWarnings("unchecked")
        var handler = (io.cruster.sharding.RpcHandler<Object, Object, Object>) def.handler();
        reply.complete(handler.handle(new RpcContextImpl(instance, def.trait(), instance.committed), message));
      } catch (Throwable e) {
        reply.completeExceptionally(Failures.asCallFailure(instance.address + " " + def.tag(), unwrap(e)));
      } finally {
        instance.busy.decrementAndGet();
      }
    }));
    return reply;
  }

  Stream<Object> stream(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = route(t, entityId, i -> i.busy.incrementAndGet());
    return ChunkStream.start(instance, def, message, config.callTimeout());
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
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
    io.cruster.remoting.EntityAddress address = new io.cruster.remoting.EntityAddress(t.name(), entityId);
    boolean resolved = storage.deferreds().resolve(address, name, t.model().serializer().toBytes(value));
    EntityInstance live = t.instances.get(entityId);
    if (live != null) {
      live.deferredResolved(name);
    }
    return resolved;
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

  /** Blocks until {@code f} completes or {@code max} passes on the cluster clock, or the runtime closes. */
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
    if (left.isNegative() || left.isZero()) {
      return;
    }
    CompletableFuture<Void> wake = new CompletableFuture<>();
    io.cruster.actors.Cancellable task = scheduler.schedule(left, () -> wake.complete(null));
    try {
      await(wake);
    } finally {
      task.cancel();
    }
  }

  // ---- the poller

  private void pollLoop() {
    while (!closed) {
      try {
        poll();
        sleepUntil(now().plus(config.storagePollInterval()));
      } catch (RuntimeClosedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("storage poll failed; trying again in {}", config.storagePollInterval(), e);
        try {
          sleepUntil(now().plus(config.storagePollInterval()));
        } catch (RuntimeClosedException closedWhileWaiting) {
          return;
        }
      }
    }
  }

  /** One pass: pending requests that are due, and durable timers of workflows not running here. */
  public void poll() {
    Collection<ShardId> owned = new LinkedHashSet<>(shards);
    if (owned.isEmpty()) {
      return;
    }
    Instant now = now();
    requests.pollStarted();
    try {
      for (RequestState s : storage.messages().pending(owned, now, POLL_BATCH)) {
        requests.dispatch(s, false);
      }
      for (var timer : storage.timers().due(owned, now, POLL_BATCH)) {
        storage.messages().find(timer.executionId())
            .filter(s -> s.status() == RequestStatus.PENDING)
            .ifPresent(s -> requests.dispatch(s, false));
      }
    } finally {
      requests.pollEnded();
    }
    List<String> purged = storage.messages().purgeCompleted(now.minus(config.requestRetention()), POLL_BATCH);
    if (!purged.isEmpty()) {
      storage.journal().delete(purged);
    }
  }

  // ---- dead letters

  public List<io.cruster.sharding.DeadLetteredRequest> deadLetters(int limit) {
    return storage.messages().deadLetters(limit).stream()
        .map(s -> new io.cruster.sharding.DeadLetteredRequest(s.request().requestId(), s.request().address().entityType(),
            s.request().address().entityId(), s.request().tag(), s.failures(), s.lastError().orElse(""), s.request().createdAt()))
        .toList();
  }

  public boolean redrive(String requestId) {
    java.util.Objects.requireNonNull(requestId, "requestId");
    if (!storage.messages().reopen(requestId)) {
      return false;
    }
    LOG.info("request {} re-driven from the dead letters", requestId);
    storage.messages().find(requestId).ifPresent(s -> requests.dispatch(s, false));
    return true;
  }

  // ---- singletons

  public void singleton(String name, io.cruster.sharding.Singleton body) {
    runners.start(name, body);
  }

  // ---- lifecycle

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
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

  /** Ends waits of workflows and singletons when the runtime closes; they stop without recording anything. */
  static final class RuntimeClosedException extends CrusterException {
    private static final long serialVersionUID = 1L;

    RuntimeClosedException() {
      super("the cluster node is closing");
    }
  }
}
