package io.cruster.samples.chess.server;

import java.security.SecureRandom;

/** New ids for players and games: a prefix and 12 random base-36 characters. Thread-safe. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private Ids() {}

  static String next(String prefix) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < 12; i++) {
      b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }
}
