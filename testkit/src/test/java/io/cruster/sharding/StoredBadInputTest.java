package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.sharding.internal.ShardHash;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that reach storage but can never run (an unknown tag, bytes that do not decode, an
 * entity type that is not registered here): each is dead-lettered with the reason, and the entity
 * keeps serving.
 */
@Timeout(30)
class StoredBadInputTest {
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient counters = cluster.register(Counter.TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  private void store(String id, String entityType, String tag, byte[] payload) {
    cluster
        .storage()
        .messages()
        .save(
            new RequestRecord(
                id,
                new EntityAddress(entityType, "c1"),
                ShardHash.shardOf("default", "c1", ShardingConfig.DEFAULT_SHARDS_PER_GROUP),
                tag,
                payload,
                id,
                true,
                cluster.clock().now(),
                cluster.clock().now()));
  }

  private RequestState deadLetter(String id) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              cluster.clock().advance(ShardingConfig.DEFAULT_STORAGE_POLL_INTERVAL);
              return cluster
                  .storage()
                  .messages()
                  .find(id)
                  .map(s -> s.status() == RequestStatus.DEAD_LETTER)
                  .orElse(false);
            });
    return cluster.storage().messages().find(id).orElseThrow();
  }

  @Test
  void anUnknownTagIsDeadLettered() {
    store("r-tag", "Counter", "Counter.NoSuchMessage", new byte[] {1, 2, 3});
    RequestState s = deadLetter("r-tag");
    assertTrue(
        s.lastError().orElseThrow().contains("UnknownMessageException"),
        s.lastError().orElseThrow());
    assertEquals(3, counters.call("c1", new Counter.Increment(3)));
  }

  @Test
  void anUndecodablePayloadIsDeadLettered() {
    store("r-bytes", "Counter", "Counter.Increment", new byte[] {9, 9, 9, 9});
    RequestState s = deadLetter("r-bytes");
    assertTrue(
        s.lastError().orElseThrow().contains("SerializationException"),
        s.lastError().orElseThrow());
    assertEquals(
        List.of("r-bytes"),
        cluster.storage().messages().deadLetters(10).stream()
            .map(d -> d.request().requestId())
            .toList());
    assertEquals(1, counters.call("c1", new Counter.Increment(1)));
  }

  @Test
  void aRequestForAnUnregisteredTypeIsDeadLettered() {
    store("r-type", "Nobody", "Nobody.Hello", new byte[] {1});
    RequestState s = deadLetter("r-type");
    assertTrue(
        s.lastError().orElseThrow().contains("UnknownEntityTypeException"),
        s.lastError().orElseThrow());
  }

  @Test
  void anOversizeMessageIsRefusedBeforeItIsSaved() {
    try (TestCluster small =
        TestCluster.create(ShardingConfig.builder().maxMessageBytes(1024).build())) {
      EntityClient kv = small.register(Counter.TYPE);
      MessageTooLargeException e =
          assertThrows(
              MessageTooLargeException.class,
              () -> small.register(BigEntity.TYPE).call("b", new BigEntity.Put("x".repeat(4096))));
      assertTrue(e.getMessage().contains("limit is 1024"), e.getMessage());
      assertEquals(1, kv.call("c1", new Counter.Increment(1)));
    }
  }

  @Test
  void badConfigurationNamesTheKey() {
    io.cruster.actors.ConfigException e =
        assertThrows(
            io.cruster.actors.ConfigException.class,
            () -> ShardingConfig.builder().entityMailboxCapacity(0).build());
    assertTrue(e.getMessage().contains("entityMailboxCapacity"), e.getMessage());
  }

  /** An entity whose activity takes a string of any size. */
  static final class BigEntity {
    @Public
    record Put(String value) implements Activity<Integer> {}

    record Empty() {}

    static final EntityType<Empty> TYPE =
        EntityType.define("Big", Empty.class)
            .init(ctx -> new Empty())
            .activity(Put.class, (ctx, m) -> m.value().length())
            .build();
  }
}
