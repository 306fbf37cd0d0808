package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.ShardUnavailableException;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.FakeScheduler;
import io.cruster.sharding.internal.Placement;
import io.cruster.sharding.internal.RemoteRunners;
import io.cruster.sharding.internal.SchedulerClock;
import io.cruster.sharding.internal.ShardHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner paused past its lease deadline (a GC pause, SIGSTOP, a VM migration), reproduced in one
 * JVM: the fence's monotonic clock is a {@link FakeScheduler} that jumps past the deadline while
 * deposits sit in an entity's mailbox behind a handler that is still running. Once the handler
 * returns, nothing queued runs: the deposits are handed back, still pending in storage, and the
 * shard's next owner runs them; the waiting callers get the new owner's replies.
 */
@Timeout(30)
class LostLeaseTest {
  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final AtomicInteger ENTRIES = new AtomicInteger();
  private static final CountDownLatch ENTERED = new CountDownLatch(1);
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  record Balance(long amount) {}

  /** Adds {@code amount}; {@code hold}: blocks in the handler until the test releases it. */
  @Public
  record Deposit(long amount, boolean hold) implements Activity<Long> {}

  record Read() implements Rpc<Long> {}

  static final EntityType<Balance> TYPE =
      EntityType.define("LeasedAccount", Balance.class)
          .init(ctx -> new Balance(0))
          .activity(
              Deposit.class,
              (ctx, m) -> {
                ENTRIES.incrementAndGet();
                if (m.hold()) {
                  ENTERED.countDown();
                  RELEASE.await(20, TimeUnit.SECONDS);
                }
                ctx.setState(new Balance(ctx.state().amount() + m.amount()));
                return ctx.state().amount();
              })
          .rpc(Read.class, (ctx, m) -> ctx.state().amount())
          .build();

  private final FakeScheduler clock = new FakeScheduler();
  private final Storage storage = Storages.inMemory(SchedulerClock.of(clock));
  private final List<EntityRuntime> runtimes = new ArrayList<>();

  /** The shards of a runner holding a lease: served while its fence is valid. */
  private record Leased(Fence fence, Collection<ShardId> shards) implements Placement {
    @Override
    public boolean isLocal(ShardId shard) {
      return shards.contains(shard) && fence.isValid();
    }

    @Override
    public Collection<ShardId> servedShards() {
      return fence.isValid() ? shards : List.of();
    }

    @Override
    public Optional<String> ownerAddress(ShardId shard) {
      return Optional.empty();
    }
  }

  @AfterEach
  void close() {
    RELEASE.countDown();
    runtimes.forEach(EntityRuntime::close);
    storage.close();
  }

  private EntityRuntime runtime(String name) {
    EntityRuntime r =
        new EntityRuntime(
            name, storage, ShardingConfig.defaults(), clock, SchedulerClock.of(clock));
    runtimes.add(r);
    return r;
  }

  @Test
  void queuedWorkOfALostShardIsHandedBackAndRunByTheNextOwner() throws Exception {
    EntityRuntime paused = runtime("paused");
    EntityClient client = paused.register(TYPE);
    ShardId shard = ShardHash.shardOf("default", "a", ShardingConfig.DEFAULT_SHARDS_PER_GROUP);
    Fence fence = new Fence(clock::nanoTime, WINDOW, clock.nanoTime());
    Leased leased = new Leased(fence, List.of(shard));
    paused.attachCluster(leased, new RemoteRunners(paused, leased, TransportSettings.defaults()));
    paused.fence(List.of(shard));

    CompletableFuture<Long> running = client.callAsync("a", new Deposit(1, true));
    assertTrue(ENTERED.await(10, TimeUnit.SECONDS), "the first handler runs");
    List<CompletableFuture<Long>> queued = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      queued.add(client.callAsync("a", new Deposit(i, false)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> paused.queuedDeliveries() == 3);

    // The pause: the monotonic clock jumps past the lease deadline; no timer has fired, nothing
    // has noticed. The next owner takes the shard (a newer epoch in storage).
    clock.advance(WINDOW.plusSeconds(1));
    storage.fenceShards(List.of(shard));
    RELEASE.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> paused.queuedDeliveries() == 0);
    ExecutionException refused =
        assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
    assertTrue(
        refused.getCause() instanceof ShardUnavailableException, refused.getCause().toString());
    assertEquals(1, ENTRIES.get(), "no queued handler ran on the runner that lost the shard");
    List<RequestState> pending = storage.messages().pending(List.of(shard), Instant.MAX, 10);
    assertEquals(4, pending.size(), "every deposit is left pending for the next owner");
    pending.forEach(p -> assertEquals(0, p.failures(), "handed back, not counted: " + p));
    queued.forEach(f -> assertFalse(f.isDone(), "its caller waits for the stored reply"));

    EntityRuntime owner = runtime("owner");
    EntityClient next = owner.register(TYPE);
    owner.fence(List.of(shard));
    owner.poll();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> storage.messages().pending(List.of(shard), Instant.MAX, 10).isEmpty());
    assertEquals(5, ENTRIES.get(), "the next owner ran the four deposits once each");
    assertEquals(10L, next.call("a", new Read()), "every deposit applied once");
    paused.poll(); // reads the stored replies for its waiting callers
    for (CompletableFuture<Long> f : queued) {
      long balance = f.get(10, TimeUnit.SECONDS);
      assertTrue(balance >= 2 && balance <= 10, "a balance after the deposit: " + balance);
    }
  }
}
