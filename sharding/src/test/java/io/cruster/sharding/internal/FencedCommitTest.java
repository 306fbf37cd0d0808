package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.StoredState;
import io.cruster.sharding.Activity;
import io.cruster.sharding.DeadLetteredException;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.ShardUnavailableException;
import io.cruster.sharding.ShardingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node that fences its shards (a cluster runner) commits with their tokens: once another node
 * begins a newer epoch of the shard, the node's commits are refused, retryably, and nothing of them
 * lands.
 */
@Timeout(20)
class FencedCommitTest {
  record State(int n) {}

  @Public
  record Add() implements Activity<Integer> {}

  record Read() implements Rpc<Integer> {}

  static final EntityType<State> TYPE =
      EntityType.define("FencedCounter", State.class)
          .init(ctx -> new State(0))
          .activity(
              Add.class,
              (ctx, m) -> {
                ctx.setState(new State(ctx.state().n() + 1));
                return ctx.state().n();
              })
          .rpc(Read.class, (ctx, m) -> ctx.state().n())
          .build();

  private final FakeScheduler clock = new FakeScheduler();
  private final Storage storage = Storages.inMemory(SchedulerClock.of(clock));
  private final EntityRuntime runtime =
      new EntityRuntime(
          "fenced", storage, ShardingConfig.defaults(), clock, SchedulerClock.of(clock));

  @AfterEach
  void close() {
    runtime.close();
    storage.close();
  }

  private ShardId shardOf(String id) {
    return ShardHash.shardOf("default", id, ShardingConfig.defaults().shardsPerGroup());
  }

  @Test
  void commitsCarryTheTokenAndAreRefusedOnceAnotherNodeTookTheShard() {
    EntityClient client = runtime.register(TYPE);
    ShardId shard = shardOf("c-1");
    runtime.fence(List.of(shard));
    assertEquals(1, client.call("c-1", new Add()));

    storage.fenceShards(List.of(shard)); // another runner acquired the shard meanwhile

    RuntimeException e = assertThrows(RuntimeException.class, () -> client.call("c-1", new Add()));
    FencedException fenced = findCause(e, FencedException.class);
    assertTrue(fenced.isRetryable(), "a refused commit fails its call as retryable");
    assertEquals(1, storage.states().load(address("c-1")).orElseThrow().version());
  }

  @Test
  void refencedNodeCommitsAgain() {
    EntityClient client = runtime.register(TYPE);
    ShardId shard = shardOf("c-2");
    runtime.fence(List.of(shard));
    storage.fenceShards(List.of(shard));
    assertThrows(RuntimeException.class, () -> client.call("c-2", new Add()));

    runtime.fence(List.of(shard)); // the node acquired the shard again: a newer epoch still

    assertEquals(1, client.call("c-2", new Add()));
  }

  /**
   * A runtime whose deliveries of {@code id} fail before the handler (its stored state cannot be
   * decoded), dead-lettering at the first failure.
   */
  private EntityRuntime failingDeliveries(String id) {
    storage.commit(
        Commit.builder()
            .state(new StateWrite(address(id), new StoredState(new byte[] {1, 2, 3}, Map.of(), 1)))
            .build());
    return new EntityRuntime(
        "fenced-failures",
        storage,
        ShardingConfig.builder().storageMessageMaxRetries(1).build(),
        clock,
        SchedulerClock.of(clock));
  }

  private RequestState onlyRequest(ShardId shard) {
    List<RequestState> found = new ArrayList<>(storage.messages().deadLetters(10));
    found.addAll(storage.messages().pending(List.of(shard), Instant.MAX, 10));
    assertEquals(1, found.size(), found.toString());
    return found.get(0);
  }

  @Test
  void staleNodeCannotCountAFailedDeliveryNorDeadLetterTheRequest() {
    ShardId shard = shardOf("c-4");
    try (EntityRuntime stale = failingDeliveries("c-4")) {
      EntityClient client = stale.register(TYPE);
      stale.fence(List.of(shard));
      storage.fenceShards(List.of(shard)); // another runner acquired the shard meanwhile

      RuntimeException e =
          assertThrows(RuntimeException.class, () -> client.call("c-4", new Add()));

      assertTrue(findCause(e, FencedException.class).isRetryable(), e.toString());
      findCause(e, ShardUnavailableException.class);
      RequestState request = onlyRequest(shard);
      assertEquals(RequestStatus.PENDING, request.status());
      assertEquals(0, request.failures(), "left to the shard's new owner, not counted");
    }
  }

  @Test
  void currentNodeCountsAFailedDeliveryAndDeadLettersTheRequest() {
    ShardId shard = shardOf("c-5");
    try (EntityRuntime current = failingDeliveries("c-5")) {
      EntityClient client = current.register(TYPE);
      current.fence(List.of(shard));

      RuntimeException e =
          assertThrows(RuntimeException.class, () -> client.call("c-5", new Add()));

      findCause(e, DeadLetteredException.class);
      RequestState request = onlyRequest(shard);
      assertEquals(RequestStatus.DEAD_LETTER, request.status());
      assertEquals(1, request.failures());
    }
  }

  @Test
  void unfencedNodeCommitsWithoutAToken() {
    EntityClient client = runtime.register(TYPE);
    storage.fenceShards(List.of(shardOf("c-3")));
    assertEquals(1, client.call("c-3", new Add()));
  }

  private static io.cruster.actors.EntityAddress address(String id) {
    return new io.cruster.actors.EntityAddress(TYPE.name(), id);
  }

  private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + e, e);
  }
}
