package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.sharding.RpcHandler;
import io.cruster.sharding.spi.Observation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Rpcs and stream rpcs, run where their entity lives: here, on a virtual thread of their own over
 * the entity's last committed state, or on the runner serving its shard ({@link Remote}). A shard
 * that leaves between the check and the activation ({@link ShardMovedException}) sends the call to
 * its owner. Thread-safe.
 */
final class Rpcs {
  private final EntityRuntime runtime;

  Rpcs(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  /** Runs an rpc where its entity lives. */
  CompletableFuture<Object> call(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout,
      Map<String, String> trace) {
    Remote r = runtime.remote();
    if (r == null) {
      return here(t, entityId, def, message, trace);
    }
    ShardId shard = runtime.shardOf(t, entityId);
    if (runtime.isLocal(shard)) {
      try {
        return here(t, entityId, def, message, trace);
      } catch (ShardMovedException moved) {
        // left just now: its owner runs it
      }
    }
    return r.rpc(t, entityId, shard, def, message, caller, timeout, trace);
  }

  /** Runs an rpc here; throws {@link ShardMovedException} if its shard is not served here. */
  CompletableFuture<Object> here(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Map<String, String> trace) {
    EntityInstance instance = runtime.route(t, entityId, EntityInstance::workStarted);
    CompletableFuture<Object> reply = new CompletableFuture<>();
    Duration loadTimeout = runtime.config().callTimeout();
    Thread.ofVirtual()
        .start(
            () ->
                instance.withMdc(
                    "",
                    () -> {
                      Observation o =
                          runtime
                              .instrumentation()
                              .handle(t.name(), entityId, def.tag(), "rpc", "", trace);
                      Throwable failure = null;
                      try (Observation.Scope scope = o.makeCurrent()) {
                        instance.loaded.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
                        if (instance.lost()) {
                          // Retryable, as during a hand-over: the caller tries the shard's owner.
                          throw new ShardMovedException(instance.shard);
                        }
                        @SuppressWarnings("unchecked")
                        var handler = (RpcHandler<Object, Object, Object>) def.handler();
                        reply.complete(
                            handler.handle(
                                new RpcContextImpl(instance, def.trait(), instance.committed),
                                message));
                      } catch (Throwable e) {
                        failure = Failures.unwrap(e);
                        reply.completeExceptionally(
                            Failures.asCallFailure(instance.address + " " + def.tag(), failure));
                      } finally {
                        o.end(failure);
                        instance.workEnded();
                      }
                    }));
    return reply;
  }

  /** Runs a stream rpc where its entity lives. */
  Stream<Object> stream(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Caller caller,
      Map<String, String> trace) {
    Remote r = runtime.remote();
    if (r == null) {
      return streamHere(t, entityId, def, message);
    }
    ShardId shard = runtime.shardOf(t, entityId);
    if (runtime.isLocal(shard)) {
      try {
        return streamHere(t, entityId, def, message);
      } catch (ShardMovedException moved) {
        // left just now: its owner runs it
      }
    }
    return r.stream(
        t, entityId, shard, def, message, caller, runtime.config().callTimeout(), trace);
  }

  /** Runs a stream rpc here; throws {@link ShardMovedException} if its shard is not served here. */
  Stream<Object> streamHere(RegisteredType t, String entityId, HandlerDef def, Object message) {
    EntityInstance instance = runtime.route(t, entityId, EntityInstance::workStarted);
    return ChunkStream.start(instance, def, message, runtime.config().callTimeout());
  }
}
