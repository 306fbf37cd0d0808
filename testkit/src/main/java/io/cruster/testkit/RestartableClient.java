package io.cruster.testkit;

import io.cruster.sharding.CallOptions;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.DeferredToken;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Message;
import io.cruster.sharding.StreamRpc;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A client of a {@link TestCluster} that follows it across {@link TestCluster#restart()}s. */
final class RestartableClient implements EntityClient {
  private final TestCluster cluster;
  private final EntityType<?> type;

  RestartableClient(TestCluster cluster, EntityType<?> type) {
    this.cluster = cluster;
    this.type = type;
  }

  private EntityClient current() {
    return cluster.runner().client(type);
  }

  @Override
  public EntityType<?> type() {
    return type;
  }

  @Override
  public <R> R call(String entityId, Message<R> message) {
    return current().call(entityId, message);
  }

  @Override
  public <R> R call(String entityId, Message<R> message, CallOptions options) {
    return current().call(entityId, message, options);
  }

  @Override
  public <R> CompletableFuture<R> callAsync(String entityId, Message<R> message) {
    return current().callAsync(entityId, message);
  }

  @Override
  public <R> CompletableFuture<R> callAsync(
      String entityId, Message<R> message, CallOptions options) {
    return current().callAsync(entityId, message, options);
  }

  @Override
  public void notify(String entityId, Message<?> message) {
    current().notify(entityId, message);
  }

  @Override
  public <R> CompletableFuture<R> callAt(String entityId, Message<R> message, Instant deliverAt) {
    return current().callAt(entityId, message, deliverAt);
  }

  @Override
  public void notifyAt(String entityId, Message<?> message, Instant deliverAt) {
    current().notifyAt(entityId, message, deliverAt);
  }

  @Override
  public <T> Stream<T> stream(String entityId, StreamRpc<T> message) {
    return current().stream(entityId, message);
  }

  @Override
  public <T> boolean resolve(String entityId, Deferred<T> deferred, T value) {
    return current().resolve(entityId, deferred, value);
  }

  @Override
  public <T> boolean resolve(DeferredToken<T> token, T value) {
    return current().resolve(token, value);
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message) {
    return start(entityId, message, CallOptions.none());
  }

  @Override
  public <R> WorkflowHandle<R> start(String entityId, Workflow<R> message, CallOptions options) {
    WorkflowHandle<R> started = current().start(entityId, message, options);
    return new RestartableHandle<>(cluster, started.executionId(), started);
  }

  @Override
  public <R> R retry(String entityId, Message<R> message, CallOptions options) {
    return current().retry(entityId, message, options);
  }
}
