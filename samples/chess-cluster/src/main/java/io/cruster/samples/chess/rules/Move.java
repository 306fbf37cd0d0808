package io.cruster.samples.chess.rules;

import java.util.Optional;

/**
 * A move as a player names it: from and to squares and, for a promotion, the piece a pawn becomes.
 * Written in UCI long algebraic notation ({@code e2e4}, {@code e7e8q}; castling is the king's move,
 * {@code e1g1}). Immutable.
 *
 * @param uci the move in UCI notation
 */
public record Move(String uci) {
  public Move {
    if (uci == null || !uci.matches("[a-h][1-8][a-h][1-8][qrbn]?")) {
      throw new IllegalArgumentException("not a UCI move (like e2e4 or e7e8q): " + uci);
    }
  }

  /** Parses a UCI move, or empty if {@code uci} is not one. */
  public static Optional<Move> parse(String uci) {
    return uci != null && uci.matches("[a-h][1-8][a-h][1-8][qrbn]?")
        ? Optional.of(new Move(uci))
        : Optional.empty();
  }

  static Move of(int encoded) {
    StringBuilder b = new StringBuilder(5);
    b.append(Squares.name(Moves.from(encoded))).append(Squares.name(Moves.to(encoded)));
    int promotion = Moves.promotion(encoded);
    if (promotion != 0) {
      b.append(Character.toLowerCase(Pieces.letter(promotion)));
    }
    return new Move(b.toString());
  }

  @Override
  public String toString() {
    return uci;
  }
}
