package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Message;
import io.cruster.sharding.StreamRpc;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.Observation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A client of one entity type with one caller's rights. Thread-safe; cheap to create. */
final class ClientImpl implements EntityClient {
  private static final int MAX_ID_LENGTH = 512;
  private final EntityRuntime runtime;
  private final RegisteredType target;
  private final Caller caller;

  ClientImpl(EntityRuntime runtime, RegisteredType target, Caller caller) {
    this.runtime = runtime;
    this.target = target;
    this.caller = caller;
  }

  RegisteredType target() {
    return target;
  }

  @Override
  public EntityType<?> type() {
    return target.type;
  }

  HandlerDef handlerOf(Message<?> message) {
    Objects.requireNonNull(message, "message");
    return target
        .model()
        .handler(message.getClass())
        .orElseThrow(
            () ->
                new UnknownMessageException(
                    "entity type "
                        + target.name()
                        + " has no handler for "
                        + message.getClass().getName()));
  }

  private EntityAddress address(String entityId) {
    if (entityId == null || entityId.isBlank()) {
      throw new IllegalArgumentException(
          "entity id must not be blank (entity type " + target.name() + ")");
    }
    if (entityId.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "entity id of "
              + target.name()
              + " is "
              + entityId.length()
              + " characters long; at most "
              + MAX_ID_LENGTH);
    }
    return new EntityAddress(target.name(), entityId);
  }

  /**
   * Starts the client observation of a call under the caller's current context, or returns {@link
   * Observation#NONE} (allocating nothing) when the node is not instrumented.
   */
  private Observation observe(String entityId, HandlerDef def) {
    Instrumentation inst = runtime.instrumentation();
    if (inst == Instrumentation.NONE) {
      return Observation.NONE;
    }
    boolean remote =
        runtime.remote() != null && !runtime.isLocal(runtime.shardOf(target, entityId));
    return inst.call(target.name(), entityId, def.tag(), def.kind().label(), remote);
  }

  /** The propagation fields of {@code o}: what travels with the call and is stored with it. */
  static Map<String, String> context(Observation o) {
    if (o == Observation.NONE) {
      return Map.of();
    }
    Map<String, String> carrier = new HashMap<>(4);
    o.inject(carrier);
    return carrier;
  }

  /** Ends {@code o} when {@code call} completes; returns {@code call}. */
  static <T> CompletableFuture<T> endedWith(Observation o, CompletableFuture<T> call) {
    if (o != Observation.NONE) {
      call.whenComplete((v, e) -> o.end(e == null ? null : Failures.unwrap(e)));
    }
    return call;
  }

  /** The handler for a message the caller may send to this entity. */
  private HandlerDef checked(String entityId, Message<?> message) {
    HandlerDef def = handlerOf(message);
    caller.check(def, address(entityId));
    return def;
  }

  @Override
  public <R> R call(String entityId, Message<R> message) {
    return call(entityId, message, CallOptions.none());
  }

  @Override
  public <R> R call(String entityId, Message<R> message, CallOptions options) {
    return runtime
        .requests()
        .awaitReply(
            callAsync(entityId, message, options),
            options,
            target.name() + "/" + entityId + " " + handlerOf(message).tag());
  }

  @Override
  public <R> CompletableFuture<R> callAsync(String entityId, Message<R> message) {
    return callAsync(entityId, message, CallOptions.none());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> callAsync(
      String entityId, Message<R> message, CallOptions options) {
    Objects.requireNonNull(options, "options");
    HandlerDef def = checked(entityId, message);
    if (def.kind() == MessageKind.STREAM) {
      throw new IllegalArgumentException(def.tag() + " is a stream rpc: call it with stream(...)");
    }
    Optional<String> key =
        def.kind() == MessageKind.RPC
            ? Optional.empty()
            : key(def, message, options.idempotencyKey());
    Observation o = observe(entityId, def);
    try {
      return (CompletableFuture<R>)
          endedWith(
              o,
              def.kind() == MessageKind.RPC
                  ? runtime
                      .rpcs()
                      .call(
                          target,
                          entityId,
                          def,
                          message,
                          caller,
                          options.timeout().orElse(runtime.config().callTimeout()),
                          context(o))
                  : runtime
                      .requests()
                      .request(
                          target, entityId, def, message, key, runtime.now(), true, context(o)));
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
  }

  /** Saves a durable request under a client observation (ended with the reply, or at once). */
  private CompletableFuture<Object> durableRequest(
      String entityId,
      HandlerDef def,
      Message<?> message,
      Optional<String> key,
      Instant deliverAt,
      boolean expectsReply) {
    Observation o = observe(entityId, def);
    try {
      return endedWith(
          o,
          runtime
              .requests()
              .request(target, entityId, def, message, key, deliverAt, expectsReply, context(o)));
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
  }

  /**
   * As {@link #callAsync(String, Message, CallOptions)}, failing with {@link
   * io.cruster.sharding.CallTimeoutException} when no reply comes within the call's timeout (real
   * time, as a blocking call waits): what a workflow's journaled call waits for.
   */
  CompletableFuture<Object> callAsyncWithTimeout(
      String entityId, Message<?> message, CallOptions options) {
    java.time.Duration timeout = options.timeout().orElse(runtime.config().callTimeout());
    String what = target.name() + "/" + entityId + " " + handlerOf(message).tag();
    CompletableFuture<Object> reply = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> call =
        (CompletableFuture<Object>) callAsync(entityId, message, options);
    call.orTimeout(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)
        .whenComplete(
            (v, e) -> {
              Throwable cause = e == null ? null : Failures.unwrap(e);
              if (cause instanceof java.util.concurrent.TimeoutException) {
                reply.completeExceptionally(
                    new io.cruster.sharding.CallTimeoutException(
                        "no reply from " + what + " within " + timeout));
              } else if (cause != null) {
                reply.completeExceptionally(cause);
              } else {
                reply.complete(v);
              }
            });
    return reply;
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message) {
    return start(entityId, message, CallOptions.none());
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message, CallOptions options) {
    Objects.requireNonNull(options, "options");
    HandlerDef def = checked(entityId, message);
    if (def.kind() != MessageKind.WORKFLOW) {
      throw new IllegalArgumentException(def.tag() + " is not a workflow: call it with call(...)");
    }
    Optional<String> key = key(def, message, options.idempotencyKey());
    Observation o = observe(entityId, def); // the start; the execution's trace goes on from it
    Requests.Sent sent;
    try {
      sent =
          runtime
              .requests()
              .send(
                  target,
                  entityId,
                  def,
                  message,
                  key,
                  runtime.now(),
                  false,
                  Optional.empty(),
                  context(o));
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
    o.end(null);
    return runtime.workflowControl().api().started(sent.requestId(), entityId);
  }

  private static Optional<String> key(
      HandlerDef def, Message<?> message, Optional<String> explicit) {
    if (explicit.isPresent() || !def.customKey()) {
      return explicit;
    }
    String key = ((Idempotent) message).idempotencyKey();
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          def.tag() + ".idempotencyKey() returned a blank key; return a non-empty business key");
    }
    return Optional.of(key);
  }

  private HandlerDef durable(String entityId, Message<?> message, String verb) {
    HandlerDef def = checked(entityId, message);
    if (!def.kind().durable()) {
      throw new IllegalArgumentException(
          def.tag()
              + " is a "
              + def.kind().name().toLowerCase(java.util.Locale.ROOT)
              + ": only activities and workflows can be "
              + verb);
    }
    return def;
  }

  @Override
  public void notify(String entityId, Message<?> message) {
    notify(entityId, message, null);
  }

  /** A notify with an explicit idempotency key (null: none), as journaled workflows send it. */
  void notify(String entityId, Message<?> message, String key) {
    HandlerDef def = durable(entityId, message, "notified");
    durableRequest(
        entityId, def, message, key(def, message, Optional.ofNullable(key)), runtime.now(), false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> callAt(String entityId, Message<R> message, Instant deliverAt) {
    HandlerDef def = durable(entityId, message, "scheduled");
    return (CompletableFuture<R>)
        durableRequest(
            entityId,
            def,
            message,
            key(def, message, Optional.empty()),
            Objects.requireNonNull(deliverAt, "deliverAt"),
            true);
  }

  @Override
  public void notifyAt(String entityId, Message<?> message, Instant deliverAt) {
    HandlerDef def = durable(entityId, message, "scheduled");
    durableRequest(
        entityId,
        def,
        message,
        key(def, message, Optional.empty()),
        Objects.requireNonNull(deliverAt, "deliverAt"),
        false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Stream<T> stream(String entityId, StreamRpc<T> message) {
    HandlerDef def = checked(entityId, message);
    if (def.kind() != MessageKind.STREAM) {
      throw new IllegalArgumentException(
          def.tag() + " is not a stream rpc: call it with call(...)");
    }
    Observation o = observe(entityId, def);
    try {
      Stream<Object> chunks =
          runtime.rpcs().stream(target, entityId, def, message, caller, context(o));
      return (Stream<T>) chunks.onClose(() -> o.end(null));
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
  }

  @Override
  public <T> boolean resolve(String entityId, Deferred<T> deferred, T value) {
    Objects.requireNonNull(deferred, "deferred");
    Objects.requireNonNull(value, "value");
    return runtime
        .deferreds()
        .resolve(
            target, address(entityId).entityId(), deferred.name(), deferred.type().cast(value));
  }

  @Override
  public <T> boolean resolve(DeferredToken<T> token, T value) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(value, "value");
    return runtime
        .deferreds()
        .resolve(runtime.type(token.entityType()), token.entityId(), token.name(), value);
  }

  @Override
  public <R> R retry(String entityId, Message<R> message, CallOptions options) {
    HandlerDef def = durable(entityId, message, "retried");
    Optional<String> key = key(def, message, options.idempotencyKey());
    if (key.isEmpty() && !def.idempotent()) {
      throw new IllegalArgumentException(
          "retry finds the workflow by its idempotency key: make "
              + def.tag()
              + " Idempotent or pass CallOptions.idempotencyKey(...)");
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<R> reply =
        (CompletableFuture<R>)
            (CompletableFuture<?>) durableRequest(entityId, def, message, key, runtime.now(), true);
    return runtime
        .requests()
        .awaitReply(reply, options, target.name() + "/" + entityId + " " + def.tag());
  }
}
