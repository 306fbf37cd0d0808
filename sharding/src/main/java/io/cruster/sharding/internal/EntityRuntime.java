package io.cruster.sharding.internal;

import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behaviors;
import io.cruster.actors.CrusterException;
import io.cruster.actors.MailboxFullException;
import io.cruster.actors.Scheduler;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.SaveOutcome;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.ShardId;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.UnknownEntityTypeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<ReplyRecord>> replies = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<?>> waits = ConcurrentHashMap.newKeySet();
  private final RequestIds ids = new RequestIds();
  private final AtomicLong actorNames = new AtomicLong();
  private final Runners runners = new Runners(this);
  private volatile boolean closed;

  public EntityRuntime(String name, Storage storage, ShardingConfig config, Scheduler scheduler, Clock clock) {
    this.storage = storage;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.system = ActorSystem.create(Behaviors.empty(), name, ActorSystemSettings.builder().scheduler(scheduler).build());
    Thread.ofVirtual().name(name + "-poller").start(this::pollLoop);
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

  ActorSystem<Void> system() {
    return system;
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
    Thread.ofVirtual().start(() -> {
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
    });
    return reply;
  }

  Stream<Object> stream(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = route(t, entityId, i -> i.busy.incrementAndGet());
    return ChunkStream.start(instance, def, message, config.callTimeout());
  }

  // ---- durable requests

  /**
   * Saves a request (or finds its duplicate) and dispatches it; the future completes with the decoded reply, or
   * with null at once when no reply is expected.
   */
  CompletableFuture<Object> request(RegisteredType t, String entityId, HandlerDef def, Object message, Optional<String> key,
      Instant deliverAt, boolean expectsReply) {
    byte[] payload = t.model().serializer().toBytes(message);
    String requestId = ids.next();
    String dedupeKey = key.orElseGet(() -> def.idempotent() ? RequestIds.contentKey(def.tag(), payload) : requestId);
    ShardId shard = ShardHash.shardOf(t.model().options().shardGroup(), entityId, config.shardsPerGroup());
    RequestRecord record = new RequestRecord(requestId, new io.cruster.remoting.EntityAddress(t.name(), entityId), shard,
        def.tag(), payload, dedupeKey, expectsReply, now(), deliverAt);
    RequestState state = switch (storage.messages().save(record)) {
      case SaveOutcome.Saved saved -> new RequestState(record, RequestStatus.PENDING, 0, Optional.empty(), Optional.empty());
      case SaveOutcome.Duplicate d -> d.existing();
    };
    String id = state.request().requestId();
    if (state.status() == RequestStatus.FAILED) {
      LOG.info("{}: running failed request {} ({}) again", state.request().address(), id, def.tag());
      storage.messages().reopen(id);
    } else if (state.status() == RequestStatus.DEAD_LETTER) {
      return CompletableFuture.failedFuture(deadLettered(state));
    }
    CompletableFuture<Object> reply = expectsReply || !id.equals(requestId)
        ? decoded(t, id, def.tag()) : CompletableFuture.completedFuture(null);
    if (state.status() != RequestStatus.DONE) {
      schedule(state, true);
    }
    return reply;
  }

  private void schedule(RequestState state, boolean fromCaller) {
    Duration wait = Duration.between(now(), state.request().deliverAt());
    if (wait.isNegative() || wait.isZero()) {
      dispatch(state, fromCaller);
    } else {
      scheduler.schedule(wait, () -> Thread.ofVirtual().start(() -> dispatch(state, false)));
    }
  }

  /** Hands a saved request to its entity, unless it is already on its way there. */
  void dispatch(RequestState state, boolean fromCaller) {
    String id = state.request().requestId();
    if (closed || !inFlight.add(id)) {
      return;
    }
    RegisteredType t;
    try {
      t = type(state.request().address().entityType());
    } catch (UnknownEntityTypeException e) {
      inFlight.remove(id);
      undeliverable(state, e);
      return;
    }
    try {
      route(t, state.request().address().entityId(), i -> {
        i.pending.incrementAndGet();
        try {
          i.actor.tell(new EntityInstance.Deliver(state));
        } catch (RuntimeException e) {
          i.pending.decrementAndGet();
          throw e;
        }
      });
    } catch (MailboxFullException e) {
      inFlight.remove(id);
      if (fromCaller) {
        // The caller hears of it now; the request stays re-runnable by a call with the same key.
        storage.messages().fail(new ReplyRecord(id, true, Failures.bytes(t.model().serializer(), e), now()));
        fail(id, e);
      } else {
        deliveryFailed(state, e);
      }
    } catch (RuntimeException e) {
      inFlight.remove(id);
      deliveryFailed(state, e);
    }
  }

  /**
   * Whether a request still needs to run. Deliveries of one entity are handled one at a time, so checking here,
   * on the entity's actor, catches a request that a poll dispatched again after its first delivery completed.
   */
  boolean stillPending(String requestId) {
    Optional<RequestState> current = storage.messages().find(requestId);
    if (current.isPresent() && current.get().status() == RequestStatus.PENDING) {
      return true;
    }
    inFlight.remove(requestId);
    current.flatMap(RequestState::reply).ifPresent(this::onReply);
    return false;
  }

  /** A delivery failed for a reason other than the handler: count it; retry later or dead-letter. */
  void deliveryFailed(RequestState state, Throwable error) {
    String id = state.request().requestId();
    inFlight.remove(id);
    if (closed) {
      return;
    }
    try {
      RequestState now = storage.messages().recordFailure(id, String.valueOf(error), config.storageMessageMaxRetries());
      if (now.status() == RequestStatus.DEAD_LETTER) {
        LOG.error("{}: request {} ({}) dead-lettered after {} failed deliveries; last error: {}", state.request().address(), id,
            state.request().tag(), now.failures(), error.toString());
        fail(id, deadLettered(now));
      } else {
        LOG.warn("{}: delivery of request {} ({}) failed ({} of {}), will retry: {}", state.request().address(), id,
            state.request().tag(), now.failures(), config.storageMessageMaxRetries(), error.toString());
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: could not record the failed delivery of request {}", state.request().address(), id, e);
    }
  }

  /** A request that can never run (unknown tag, undecodable payload): dead-letter it at once. */
  void undeliverable(RequestState state, RuntimeException error) {
    String id = state.request().requestId();
    inFlight.remove(id);
    LOG.error("{}: request {} ({}) cannot be delivered and is dead-lettered: {}", state.request().address(), id,
        state.request().tag(), error.toString());
    try {
      storage.messages().recordFailure(id, error.toString(), 1);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not dead-letter request {}", state.request().address(), id, e);
    }
    fail(id, error);
  }

  /** A reply was stored: the request is done; wake whoever waits for it. */
  void onReply(ReplyRecord reply) {
    inFlight.remove(reply.requestId());
    CompletableFuture<ReplyRecord> f = replies.remove(reply.requestId());
    if (f != null) {
      f.complete(reply);
    }
  }

  private static io.cruster.sharding.DeadLetteredException deadLettered(RequestState s) {
    return new io.cruster.sharding.DeadLetteredException("request " + s.request().requestId() + " (" + s.request().tag() + ") to "
        + s.request().address() + " is dead-lettered after " + s.failures() + " failed deliveries"
        + s.lastError().map(e -> "; last error: " + e).orElse(""));
  }

  private void fail(String requestId, Throwable error) {
    CompletableFuture<ReplyRecord> f = replies.remove(requestId);
    if (f != null) {
      f.completeExceptionally(error);
    }
  }

  /** The future reply of a request, decoded with its entity type's serializer. */
  private CompletableFuture<Object> decoded(RegisteredType t, String requestId, String tag) {
    CompletableFuture<ReplyRecord> f = replies.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    // Registered first, then checked: a reply stored in between is not missed.
    storage.messages().find(requestId).flatMap(RequestState::reply).ifPresent(r -> {
      replies.remove(requestId, f);
      f.complete(r);
    });
    String context = t.name() + " " + tag;
    return f.thenApply(r -> {
      if (r.failure()) {
        throw Failures.exception(context, t.model().serializer(), r.payload());
      }
      return t.model().serializer().fromBytes(r.payload());
    });
  }

  <R> R awaitReply(CompletableFuture<R> reply, CallOptions options, String what) {
    Duration timeout = options.timeout().orElse(config.callTimeout());
    try {
      io.cruster.actors.internal.Dispatcher.beforeBlocking();
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CallTimeoutException("no reply from " + what + " within " + timeout);
    } catch (ExecutionException e) {
      throw unwrapToRuntime(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while waiting for " + what, e);
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static RuntimeException unwrapToRuntime(Throwable t) {
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

  /** Blocks the calling (virtual) thread until {@code f} completes or the runtime closes. */
  void await(CompletableFuture<?> f) {
    waits.add(f);
    try {
      if (closed) {
        throw new RuntimeClosedException();
      }
      f.join();
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      throw new RuntimeClosedException();
    } finally {
      waits.remove(f);
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
    for (RequestState s : storage.messages().pending(owned, now, POLL_BATCH)) {
      dispatch(s, false);
    }
    for (var timer : storage.timers().due(owned, now, POLL_BATCH)) {
      storage.messages().find(timer.executionId())
          .filter(s -> s.status() == RequestStatus.PENDING)
          .ifPresent(s -> dispatch(s, false));
    }
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
    for (CompletableFuture<ReplyRecord> f : replies.values()) {
      f.completeExceptionally(new CrusterException("the cluster node closed before the reply arrived"));
    }
  }

  /** Ends waits of workflows and singletons when the runtime closes; they stop without recording anything. */
  static final class RuntimeClosedException extends CrusterException {
    private static final long serialVersionUID = 1L;

    RuntimeClosedException() {
      super("the cluster node is closing");
    }
  }
}
