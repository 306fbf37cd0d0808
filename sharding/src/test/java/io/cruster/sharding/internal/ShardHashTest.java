package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.ShardId;
import org.junit.jupiter.api.Test;

/**
 * Pins the shard function with fixed vectors, computed independently (Python: djb2 over the UTF-8
 * bytes in 32-bit two's complement, then a non-negative modulo), so every JVM, version and port
 * routes an id to the same shard.
 */
class ShardHashTest {

  @Test
  void djb2AndShardsMatchTheVectors() {
    Object[][] vectors = {
      {"", 5381, 1285},
      {"counter-1", -1507251037, 1187},
      {"a", 177670, 1542},
      {"order/4711", -1954919779, 669},
      {"Ünïcödé-id", -1589961142, 1610},
      {"日本語", -1242334075, 1157},
      {"emoji-\uD83D\uDE00", -1348468659, 77},
      {"x".repeat(100), -1522711451, 1125},
    };
    for (Object[] v : vectors) {
      String id = (String) v[0];
      assertEquals((int) v[1], ShardHash.djb2(id), "djb2 of " + id);
      assertEquals(
          new ShardId("default", (int) v[2]),
          ShardHash.shardOf("default", id, 2048),
          "shard of " + id);
    }
  }
}
