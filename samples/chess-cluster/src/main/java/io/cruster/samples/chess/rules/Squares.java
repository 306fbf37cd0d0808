package io.cruster.samples.chess.rules;

/**
 * Squares of the 0x88 board: {@code rank * 16 + file}, a1 = 0, h1 = 7, a8 = 112. A square {@code s}
 * is on the board when {@code (s & 0x88) == 0}, so one test catches a step off any edge.
 */
final class Squares {
  static final int NONE = -1;

  private Squares() {}

  static boolean onBoard(int square) {
    return (square & 0x88) == 0;
  }

  static int of(int file, int rank) {
    return rank * 16 + file;
  }

  static int file(int square) {
    return square & 7;
  }

  static int rank(int square) {
    return square >> 4;
  }

  /** Parses {@code "e4"}; {@link #NONE} if it is not a square. */
  static int parse(CharSequence text, int at) {
    if (text.length() < at + 2) {
      return NONE;
    }
    int file = text.charAt(at) - 'a';
    int rank = text.charAt(at + 1) - '1';
    return file >= 0 && file < 8 && rank >= 0 && rank < 8 ? of(file, rank) : NONE;
  }

  static String name(int square) {
    return "" + (char) ('a' + file(square)) + (char) ('1' + rank(square));
  }

  /** Whether a square is a light one (a bishop on it never reaches the dark ones). */
  static boolean light(int square) {
    return ((file(square) + rank(square)) & 1) == 1;
  }
}
