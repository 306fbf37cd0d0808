package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.ShardingConfig;
import java.util.List;
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
