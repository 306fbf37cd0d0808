package io.cruster.sharding.internal;

import io.cruster.sharding.CallOptions;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Message;
import io.cruster.sharding.StreamRpc;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The client a workflow gets: each call is a journaled step, so on replay it returns the recorded
 * reply instead of calling again. Only the blocking forms are steps; the others would let the
 * workflow's path depend on timing.
 */
final class JournaledClient implements EntityClient {
  private final WorkflowRun run;
  private final ClientImpl client;

  JournaledClient(WorkflowRun run, EntityClient client) {
    this.run = run;
    this.client = (ClientImpl) client;
  }

  @Override
  public EntityType<?> type() {
    return client.type();
  }

  private String tag(String verb, Message<?> message) {
    return verb + ":" + client.target().name() + "." + client.handlerOf(message).tag();
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
            client.target().model().serializer(),
            key ->
                client.call(
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
        client.target().model().serializer(),
        key -> {
          client.notify(entityId, message, key);
          return null;
        });
  }

  @Override
  public <T> boolean resolve(String entityId, Deferred<T> deferred, T value) {
    return (Boolean)
        run.callStep(
            "resolve:" + client.target().name() + "." + deferred.name(),
            client.target().model().serializer(),
            key -> client.resolve(entityId, deferred, value));
  }

  @Override
  public <T> boolean resolve(DeferredToken<T> token, T value) {
    return (Boolean)
        run.callStep(
            "resolve:" + token.entityType() + "." + token.name(),
            client.target().model().serializer(),
            key -> client.resolve(token, value));
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
}
