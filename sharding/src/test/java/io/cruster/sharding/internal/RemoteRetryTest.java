package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.RunnerServer;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** Where calls for shards not served here go; null: nowhere. */
    volatile String owner;

    @Override
    public Optional<String> ownerAddress(ShardId shard) {
      return local ? Optional.empty() : Optional.ofNullable(owner);
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

  @Test
  void aCallWaitingOnARunnerThatLeftIsReroutedAtOnce() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    // A runner that takes the call and never answers, as a frozen process (SIGSTOP, a long GC).
    try (RunnerServer frozen =
        RunnerServer.start(TransportSettings.defaults(), (call, sink) -> received.countDown())) {
      placement.owner = "127.0.0.1:" + frozen.port();
      runtime.attachCluster(placement, remote);
      EntityClient client = runtime.register(TYPE);
      CompletableFuture<Integer> call =
          client.callAsync("e-3", new Get(), CallOptions.timeout(Duration.ofSeconds(60)));
      assertTrue(received.await(10, TimeUnit.SECONDS), "the call reached the frozen runner");
      remote.runnersChanged(Set.of("127.0.0.1:" + frozen.port()));
      assertFalse(call.isDone(), "still a member: the call keeps waiting on it");

      placement.local = true; // its lease expired; this node took the shard
      remote.runnersChanged(Set.of());

      assertEquals(7, call.get(10, TimeUnit.SECONDS));
    }
  }
}
