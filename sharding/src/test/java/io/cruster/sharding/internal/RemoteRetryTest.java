package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.ShardUnavailableException;
import io.cruster.sharding.ShardingConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls to a shard nobody serves back off on the injected clock until their deadline. */
@Timeout(20)
class RemoteRetryTest {
  record State(int n) {}

  record Get() implements Rpc<Integer> {}

  static final EntityType<State> TYPE =
      EntityType.define("RemoteRetry", State.class)
          .init(ctx -> new State(7))
          .rpc(Get.class, (ctx, m) -> ctx.state().n())
          .build();

  /** Serves nothing (and knows no owner) until told to serve everything. */
  static final class Toggle implements Placement {
    volatile boolean local;

    @Override
    public boolean isLocal(ShardId shard) {
      return local;
    }

    @Override
    public Collection<ShardId> servedShards() {
      return List.of();
    }

    @Override
    public Optional<String> ownerAddress(ShardId shard) {
      return Optional.empty();
    }
  }

  private final FakeScheduler clock = new FakeScheduler();
  private final Storage storage = Storages.inMemory(SchedulerClock.of(clock));
  private final EntityRuntime runtime =
      new EntityRuntime(
          "remote-retry", storage, ShardingConfig.defaults(), clock, SchedulerClock.of(clock));
  private final Toggle placement = new Toggle();
  private final RemoteRunners remote =
      new RemoteRunners(runtime, placement, TransportSettings.defaults());

  @AfterEach
  void close() {
    remote.close();
    runtime.close();
    storage.close();
  }

  @Test
  void aCallNobodyServesFailsRetryablyWhenItsDeadlinePassesOnTheInjectedClock() {
    runtime.attachCluster(placement, remote);
    EntityClient client = runtime.register(TYPE);
    CompletableFuture<Integer> call =
        client.callAsync("e-1", new Get(), CallOptions.timeout(Duration.ofSeconds(5)));
    while (!call.isDone()) {
      if (!clock.advanceToNext()) {
        Thread.onSpinWait(); // the next attempt runs on a thread of its own
      }
    }
    Throwable failure = call.handle((v, e) -> e).join();
    assertInstanceOf(ShardUnavailableException.class, Failures.unwrap(failure));
    long waited = clock.nanoTime();
    assertTrue(
        waited >= Duration.ofMillis(4_000).toNanos() && waited <= Duration.ofSeconds(5).toNanos(),
        "backed off on the fake clock until close to the deadline, waited " + waited + " ns");
  }

  @Test
  void aCallBackingOffRetriesAtOnceWhenTheRunnerSetChanges() {
    runtime.attachCluster(placement, remote);
    EntityClient client = runtime.register(TYPE);
    CompletableFuture<Integer> call =
        client.callAsync("e-2", new Get(), CallOptions.timeout(Duration.ofSeconds(5)));
    // let it fail its first attempts and back off
    clock.advance(Duration.ofMillis(100));
    placement.local = true;
    while (!call.isDone()) { // an attempt in flight may back off once more: tell it again
      remote.topologyChanged();
      Thread.onSpinWait();
    }
    assertEquals(7, call.join());
    assertTrue(clock.nanoTime() <= Duration.ofMillis(100).toNanos(), "no further time passed");
  }
}
