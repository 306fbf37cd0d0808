package io.cruster.sharding.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids: a random 64-bit prefix drawn at start and a counter, so ids never repeat across restarts (for ids
 * that also order in time across nodes, the cluster will use snowflakes). Content keys hash a message's tag and
 * bytes for {@code Idempotent} messages without a custom key.
 */
final class RequestIds {
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds() {
    prefix = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
  }

  String next() {
    return prefix + "-" + Long.toHexString(counter.incrementAndGet());
  }

  /** {@code "sha256:" + hex(SHA-256(utf8(tag) + 0x00 + payload))}, truncated to 128 bits. */
  static String contentKey(String tag, byte[] payload) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(tag.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(payload);
      return "sha256:" + HexFormat.of().formatHex(d.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
