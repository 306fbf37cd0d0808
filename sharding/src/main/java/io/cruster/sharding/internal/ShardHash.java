package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import java.nio.charset.StandardCharsets;

/**
 * Where an entity lives: {@code shard = floorMod(djb2(utf8(entityId)), shardsPerGroup)} within its
 * type's shard group. djb2 is {@code h = 5381; for each byte b: h = h * 33 + (b & 0xff)} in 32-bit
 * two's complement. The function is part of the cluster's contract: every JVM, version and future
 * port must route identically, so it is pinned by test vectors.
 */
public final class ShardHash {
  private ShardHash() {}

  public static int djb2(String entityId) {
    int h = 5381;
    for (int i = 0; i < entityId.length(); i++) {
      char c = entityId.charAt(i);
      if (c >= 0x80) {
        return djb2Utf8(entityId); // not ASCII: hash the UTF-8 bytes
      }
      h = h * 33 + c; // an ASCII character is its own UTF-8 byte: no byte array per call
    }
    return h;
  }

  private static int djb2Utf8(String entityId) {
    int h = 5381;
    for (byte b : entityId.getBytes(StandardCharsets.UTF_8)) {
      h = h * 33 + (b & 0xff);
    }
    return h;
  }

  public static ShardId shardOf(String group, String entityId, int shardsPerGroup) {
    return new ShardId(group, Math.floorMod(djb2(entityId), shardsPerGroup));
  }
}
