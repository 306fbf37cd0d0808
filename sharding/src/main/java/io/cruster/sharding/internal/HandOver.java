package io.cruster.sharding.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import io.cruster.actors.ShardId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the live entities of shards that leave this node, which the placement no longer calls local
 * (so nothing new reaches them). First their queued and running activities and rpcs finish, up to
 * the grace period; then they are retired (queued deliveries handed back, workflows stopped at
 * their next wait to continue from their journals wherever the shard goes) and what still runs gets
 * the grace period again. Both waits are woken by the entities as their work ends, and timed on the
 * runtime's scheduler.
 */
final class HandOver {
  private static final Logger LOG = LoggerFactory.getLogger(HandOver.class);

  private HandOver() {}

  /** Blocks for the hand-over; returns how many entities it stopped. */
  static int run(EntityRuntime runtime, Predicate<ShardId> leaving, Duration grace) {
    List<EntityInstance> stopping = new ArrayList<>();
    for (RegisteredType t : runtime.types().all()) {
      for (EntityInstance i : t.instances.values()) {
        if (leaving.test(i.shard)) {
          stopping.add(i);
        }
      }
    }
    Scheduler scheduler = runtime.scheduler();
    awaitAll(stopping, EntityInstance::drained, grace, scheduler);
    stopping.forEach(EntityInstance::retire);
    awaitAll(stopping, EntityInstance::quiet, grace, scheduler);
    for (EntityInstance i : stopping) {
      if (!i.quiet()) {
        LOG.warn(
            "{}: still running after the hand-over grace of {}; its shard is released anyway",
            i.address,
            grace);
      }
      if (i.type.instances.remove(i.address.entityId(), i)) {
        runtime.passivated(i);
      }
    }
    runtime.requests().shardsLeft(leaving);
    return stopping.size();
  }

  /** Waits until every instance meets {@code condition}, or {@code grace} passes. */
  private static void awaitAll(
      List<EntityInstance> instances,
      Predicate<EntityInstance> condition,
      Duration grace,
      Scheduler scheduler) {
    if (instances.isEmpty()) {
      return;
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(
            instances.stream().map(i -> i.when(condition)).toArray(CompletableFuture[]::new));
    CompletableFuture<Void> late = new CompletableFuture<>();
    Cancellable timer = scheduler.schedule(grace, () -> late.complete(null));
    try {
      CompletableFuture.anyOf(all, late).join();
    } finally {
      timer.cancel();
    }
  }
}
