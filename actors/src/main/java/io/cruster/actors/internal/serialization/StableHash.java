package io.cruster.actors.internal.serialization;

import java.nio.charset.StandardCharsets;

/**
 * The documented, portable hash behind stable type ids and record component ids: 32-bit FNV-1a over
 * the UTF-8 bytes of a name (offset basis {@code 0x811C9DC5}, prime {@code 0x01000193}). Pinned by
 * test vectors; changing it would orphan every stored byte. Stateless and thread-safe.
 */
public final class StableHash {
  private static final int OFFSET_BASIS = 0x811C9DC5;
  private static final int PRIME = 0x01000193;

  private StableHash() {}

  /** FNV-1a 32 of the UTF-8 encoding of {@code name}. */
  public static int fnv1a32(String name) {
    int hash = OFFSET_BASIS;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= PRIME;
    }
    return hash;
  }

  /** {@code 0x1234abcd (305441741)}: how ids appear in error messages. */
  public static String describe(int id) {
    return String.format("0x%08x (%d)", id, id);
  }
}
