package io.cruster.sharding.internal;

import io.cruster.actors.spi.Serializer;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Message;
import io.cruster.sharding.StreamRpc;
import io.cruster.sharding.UnknownMessageException;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The client a workflow gets: each call is a journaled step, so on replay it returns the recorded
 * reply instead of calling again. Only the blocking forms are steps; the others would let the
 * workflow's path depend on timing. A replay of a recorded history has no live client: its steps
 * never call.
 */
final class JournaledClient implements EntityClient {
  private final StepRunner run;
  private final EntityModel<?> target;
  private final EntityType<?> type;
  private final Supplier<ClientImpl> live;

  JournaledClient(
      StepRunner run, EntityModel<?> target, EntityType<?> type, Supplier<ClientImpl> live) {
    this.run = run;
    this.target = target;
    this.type = type;
    this.live = live;
  }

  /** A journaled client over a live client of a runtime. */
  static JournaledClient live(StepRunner run, EntityClient client) {
    ClientImpl c = (ClientImpl) client;
    return new JournaledClient(run, c.target().model(), c.type(), () -> c);
  }

  @Override
  public EntityType<?> type() {
    return type;
  }

  private Serializer codec() {
    return target.serializer();
  }

  private String tag(String verb, Message<?> message) {
    Objects.requireNonNull(message, "message");
    HandlerDef def =
        target
            .handler(message.getClass())
            .orElseThrow(
                () ->
                    new UnknownMessageException(
                        "entity type "
                            + target.name()
                            + " has no handler for "
                            + message.getClass().getName()));
    return verb + ":" + target.name() + "." + def.tag();
  }

  @Override
  public <R> R call(String entityId, Message<R> message) {
    return call(entityId, message, CallOptions.none());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R call(String entityId, Message<R> message, CallOptions options) {
    return (R)
        run.callStep(
            tag("call", message),
            codec(),
            key ->
                live.get()
                    .callAsyncWithTimeout(
                        entityId,
                        message,
                        new CallOptions(
                            options.idempotencyKey().or(() -> java.util.Optional.of(key)),
                            options.timeout())));
  }

  @Override
  public void notify(String entityId, Message<?> message) {
    run.callStep(
        tag("notify", message),
        codec(),
        key -> {
          live.get().notify(entityId, message, key);
          return CompletableFuture.completedFuture(null);
        });
  }

  @Override
  public <T> boolean resolve(String entityId, Deferred<T> deferred, T value) {
    return (Boolean)
        run.callStep(
            "resolve:" + target.name() + "." + deferred.name(),
            codec(),
            key ->
                CompletableFuture.completedFuture(live.get().resolve(entityId, deferred, value)));
  }

  @Override
  public <T> boolean resolve(DeferredToken<T> token, T value) {
    return (Boolean)
        run.callStep(
            "resolve:" + token.entityType() + "." + token.name(),
            codec(),
            key -> CompletableFuture.completedFuture(live.get().resolve(token, value)));
  }

  private static UnsupportedOperationException notAStep(String what) {
    return new UnsupportedOperationException(
        "a workflow's calls are journaled steps: "
            + what
            + " is not available here; use call(...) or notify(...), or do it in an activity");
  }

  @Override
  public <R> CompletableFuture<R> callAsync(String entityId, Message<R> message) {
    throw notAStep("callAsync");
  }

  @Override
  public <R> CompletableFuture<R> callAsync(
      String entityId, Message<R> message, CallOptions options) {
    throw notAStep("callAsync");
  }

  @Override
  public <R> CompletableFuture<R> callAt(String entityId, Message<R> message, Instant deliverAt) {
    throw notAStep("callAt");
  }

  @Override
  public void notifyAt(String entityId, Message<?> message, Instant deliverAt) {
    throw notAStep("notifyAt");
  }

  @Override
  public <T> Stream<T> stream(String entityId, StreamRpc<T> message) {
    throw notAStep("stream");
  }

  @Override
  public <R> R retry(String entityId, Message<R> message, CallOptions options) {
    throw notAStep("retry");
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message) {
    throw notAStep("start (the waits of a handle are not steps)");
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message, CallOptions options) {
    throw notAStep("start (the waits of a handle are not steps)");
  }
}
