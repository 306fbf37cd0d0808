package io.cruster.samples.chess.rules;

/**
 * Moves packed in an int, so generation allocates nothing: bits 0-6 the from square, 7-13 the to
 * square, 14-16 the promotion piece type (0: none), 17-18 the kind.
 */
final class Moves {
  static final int NORMAL = 0;
  static final int DOUBLE_PUSH = 1;
  static final int EN_PASSANT = 2;
  static final int CASTLE = 3;

  private Moves() {}

  static int encode(int from, int to, int promotion, int kind) {
    return from | to << 7 | promotion << 14 | kind << 17;
  }

  static int from(int move) {
    return move & 0x7f;
  }

  static int to(int move) {
    return (move >>> 7) & 0x7f;
  }

  static int promotion(int move) {
    return (move >>> 14) & 7;
  }

  static int kind(int move) {
    return move >>> 17;
  }
}
