package io.cruster.sharding.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids are snowflakes: {@code (millis since 2026-01-01T00:00:00Z) << 22 | machineId << 12 |
 * sequence}, written in decimal. In a cluster the machine id (10 bits) is leased from etcd, so two
 * live runners never share one; a single node draws a random one at start. The timestamp and
 * sequence share one atomic counter: within a millisecond the sequence counts up, and a burst of
 * more than 4,096 ids borrows from the next millisecond, so ids stay unique and increasing on one
 * runner without ever waiting. Content keys hash a message's tag and bytes for {@code Idempotent}
 * messages without a custom key. Thread-safe.
 */
final class RequestIds {
  /** 2026-01-01T00:00:00Z in epoch milliseconds: the snowflakes' time origin. */
  static final long EPOCH_MILLIS = 1_767_225_600_000L;

  static final int MACHINE_BITS = 10;
  static final int SEQUENCE_BITS = 12;

  /** {@code (millis since EPOCH_MILLIS) << SEQUENCE_BITS | sequence} of the last id. */
  private final AtomicLong last = new AtomicLong();

  private volatile int machineId =
      java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << MACHINE_BITS);

  /** Uses {@code id} (0 to 1023) for the ids made from now on. */
  void machineId(int id) {
    if (id < 0 || id >= 1 << MACHINE_BITS) {
      throw new IllegalArgumentException("machine id must be in [0, 1024), was " + id);
    }
    this.machineId = id;
  }

  String next() {
    return Long.toString(nextLong());
  }

  long nextLong() {
    long now = (System.currentTimeMillis() - EPOCH_MILLIS) << SEQUENCE_BITS;
    long prev;
    long next;
    do {
      prev = last.get();
      next = now > prev ? now : prev + 1;
    } while (!last.compareAndSet(prev, next));
    long millis = next >>> SEQUENCE_BITS;
    return millis << (MACHINE_BITS + SEQUENCE_BITS)
        | (long) machineId << SEQUENCE_BITS
        | (next & ((1 << SEQUENCE_BITS) - 1));
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
