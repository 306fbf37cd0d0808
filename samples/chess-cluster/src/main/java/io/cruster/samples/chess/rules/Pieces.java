package io.cruster.samples.chess.rules;

/**
 * Pieces on the board: a type (1-6) and, in bit 3, the color (set for black); 0 is an empty square.
 */
final class Pieces {
  static final int EMPTY = 0;
  static final int PAWN = 1;
  static final int KNIGHT = 2;
  static final int BISHOP = 3;
  static final int ROOK = 4;
  static final int QUEEN = 5;
  static final int KING = 6;
  private static final String LETTERS = ".PNBRQK";

  private Pieces() {}

  static int of(int type, int side) {
    return type | side << 3;
  }

  static int type(int piece) {
    return piece & 7;
  }

  static int side(int piece) {
    return piece >> 3;
  }

  /** The upper-case letter of a piece type ({@code P N B R Q K}). */
  static char letter(int type) {
    return LETTERS.charAt(type);
  }

  /** The piece a FEN letter names (upper case white), or -1. */
  static int fromFen(char c) {
    int type = LETTERS.indexOf(Character.toUpperCase(c));
    if (type <= 0) {
      return -1;
    }
    return of(type, Character.isUpperCase(c) ? Board.WHITE : Board.BLACK);
  }

  static char fen(int piece) {
    char c = letter(type(piece));
    return side(piece) == Board.WHITE ? c : Character.toLowerCase(c);
  }
}
