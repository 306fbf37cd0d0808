package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class KeyValueStoreTest {
  record Store(Map<String, String> entries, Map<String, byte[]> blobs) {}

  @Public
  record Put(String key, String value) implements Activity<Integer> {}

  @Public
  record PutBlob(String key, byte[] value) implements Activity<Integer> {}

  record Get(String key) implements Rpc<Optional<String>> {}

  record GetBlob(String key) implements Rpc<byte[]> {}

  record Size() implements Rpc<Integer> {}

  static final EntityType<Store> TYPE =
      EntityType.define("KeyValue", Store.class)
          .init(ctx -> new Store(Map.of(), Map.of()))
          .activity(
              Put.class,
              (ctx, m) -> {
                Map<String, String> entries = new HashMap<>(ctx.state().entries());
                entries.put(m.key(), m.value());
                ctx.setState(new Store(entries, ctx.state().blobs()));
                return entries.size();
              })
          .activity(
              PutBlob.class,
              (ctx, m) -> {
                Map<String, byte[]> blobs = new HashMap<>(ctx.state().blobs());
                blobs.put(m.key(), m.value());
                ctx.setState(new Store(ctx.state().entries(), blobs));
                return blobs.size();
              })
          .rpc(Get.class, (ctx, m) -> Optional.ofNullable(ctx.state().entries().get(m.key())))
          .rpc(GetBlob.class, (ctx, m) -> ctx.state().blobs().getOrDefault(m.key(), new byte[0]))
          .rpc(Size.class, (ctx, m) -> ctx.state().entries().size())
          .build();

  private static final int KEYS = 1_000;

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient kv = cluster.register(TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  private void putThousandKeys(String id) {
    for (int i = 0; i < KEYS; i++) {
      assertEquals(i + 1, kv.call(id, new Put("key-" + i, "value-" + i)));
    }
  }

  private void assertThousandKeys(String id) {
    assertEquals(KEYS, kv.call(id, new Size()));
    for (int i = 0; i < KEYS; i++) {
      assertEquals(Optional.of("value-" + i), kv.call(id, new Get("key-" + i)), "key-" + i);
    }
    assertEquals(Optional.empty(), kv.call(id, new Get("key-" + KEYS)));
  }

  private static byte[] megabyte() {
    byte[] value = new byte[1 << 20];
    new Random(42).nextBytes(value);
    return value;
  }

  private void passivateAll() {
    long before = cluster.passivations(TYPE);
    cluster
        .clock()
        .advance(ShardingConfig.DEFAULT_ENTITY_MAX_IDLE_TIME.plus(Duration.ofSeconds(1)));
    Waiting.until(() -> cluster.passivations(TYPE) > before && cluster.liveEntities(TYPE) == 0);
  }

  @Test
  void thousandKeysPutByActivityAreReadByRpc() {
    putThousandKeys("kv-1");
    assertThousandKeys("kv-1");
    assertEquals(0, kv.call("kv-2", new Size()));
  }

  @Test
  void megabyteValueRoundTrips() {
    byte[] value = megabyte();
    assertEquals(1, kv.call("blobs", new PutBlob("big", value)));
    assertArrayEquals(value, kv.call("blobs", new GetBlob("big")));
  }

  @Test
  void thousandKeysSurvivePassivation() {
    putThousandKeys("kv-1");
    passivateAll();
    assertThousandKeys("kv-1");
    assertEquals(2, cluster.activations(TYPE));
  }

  @Test
  void thousandKeysAndMegabyteValueSurviveRestart() {
    putThousandKeys("kv-1");
    byte[] value = megabyte();
    kv.call("kv-1", new PutBlob("big", value));
    cluster.restart();
    assertThousandKeys("kv-1");
    assertArrayEquals(value, kv.call("kv-1", new GetBlob("big")));
  }

  @Test
  void megabyteValueSurvivesPassivation() {
    byte[] value = megabyte();
    kv.call("blobs", new PutBlob("big", value));
    passivateAll();
    assertArrayEquals(value, kv.call("blobs", new GetBlob("big")));
  }

  @Test
  void everyCommittedPutIsInStorage() {
    kv.call("kv-1", new Put("a", "1"));
    kv.call("kv-1", new Put("b", "2"));
    var stored = cluster.storage().states().load(new EntityAddress(TYPE.name(), "kv-1"));
    assertTrue(stored.isPresent());
    assertEquals(2L, stored.get().version());
  }
}
