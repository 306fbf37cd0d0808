package io.cruster.sharding.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.ShardingConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over of a shard's entities waits for their work, timed on the injected clock. */
@Timeout(20)
class HandOverTest {
  record State(int n) {}

  @Public
  record Block() implements Activity<Integer> {}

  // Per test (the tests of a class run one after the other).
  private static volatile CountDownLatch entered = new CountDownLatch(1);
  private static volatile CountDownLatch release = new CountDownLatch(1);

  static final EntityType<State> TYPE =
      EntityType.define("HandOverBlocker", State.class)
          .init(ctx -> new State(0))
          .activity(
              Block.class,
              (ctx, m) -> {
                entered.countDown();
                release.await();
                ctx.setState(new State(ctx.state().n() + 1));
                return ctx.state().n();
              })
          .build();

  private final FakeScheduler clock = new FakeScheduler();
  private final Storage storage = Storages.inMemory(SchedulerClock.of(clock));
  private final EntityRuntime runtime =
      new EntityRuntime(
          "hand-over", storage, ShardingConfig.defaults(), clock, SchedulerClock.of(clock));

  @BeforeEach
  void latches() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  @AfterEach
  void close() {
    release.countDown();
    runtime.close();
    storage.close();
  }

  @Test
  void waitsForRunningWorkAndIsWokenWhenItEnds() throws Exception {
    EntityClient client = runtime.register(TYPE);
    CompletableFuture<Integer> call = client.callAsync("e-1", new Block());
    entered.await();
    CompletableFuture<Integer> handedOver =
        CompletableFuture.supplyAsync(() -> runtime.handOver(shard -> true, Duration.ofMinutes(1)));
    assertFalse(handedOver.isDone());
    release.countDown();
    assertEquals(1, handedOver.get());
    assertEquals(1, call.get());
    assertEquals(0, clock.nanoTime(), "woken by the work ending, not by time passing");
    assertEquals(0, runtime.liveEntities(TYPE.name()));
  }

  @Test
  void givesUpWhenTheGracePassesOnTheInjectedClock() {
    EntityClient client = runtime.register(TYPE);
    client.callAsync("e-2", new Block());
    await().until(() -> entered.getCount() == 0);
    CompletableFuture<Integer> handedOver =
        CompletableFuture.supplyAsync(
            () -> runtime.handOver(shard -> true, Duration.ofSeconds(10)));
    while (!handedOver.isDone()) {
      clock.advance(Duration.ofMillis(100));
      Thread.onSpinWait();
    }
    assertEquals(1, handedOver.join());
    // a drain of 10 s, then a quiet wait of 10 s: the activity never ended
    assertTrue(clock.nanoTime() >= Duration.ofSeconds(20).toNanos());
    assertEquals(0, runtime.liveEntities(TYPE.name()));
  }
}
