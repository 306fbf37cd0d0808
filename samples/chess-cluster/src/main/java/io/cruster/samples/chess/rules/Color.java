package io.cruster.samples.chess.rules;

/** A side of the board. */
public enum Color {
  WHITE,
  BLACK;

  /** The other side. */
  public Color opponent() {
    return this == WHITE ? BLACK : WHITE;
  }

  static Color of(int side) {
    return side == Board.WHITE ? WHITE : BLACK;
  }
}
