package io.cruster.samples.chess.rules;

/**
 * Standard algebraic notation of a legal move: piece letter, the least disambiguation that tells it
 * from another piece of its kind reaching the same square (file, else rank, else both), {@code x}
 * for captures, {@code =Q} for promotions, {@code O-O}/{@code O-O-O} for castling, and {@code +} or
 * {@code #} after a check or mate.
 */
final class San {
  private San() {}

  /**
   * The SAN of {@code move}, legal in {@code board}, whose legal moves are {@code legal[0..count)}.
   */
  static String of(Board board, int move, int[] legal, int count) {
    StringBuilder san = new StringBuilder(8);
    int from = Moves.from(move);
    int to = Moves.to(move);
    int piece = board.squares[from];
    int type = Pieces.type(piece);
    if (Moves.kind(move) == Moves.CASTLE) {
      san.append(to > from ? "O-O" : "O-O-O");
    } else {
      boolean capture = board.squares[to] != Pieces.EMPTY || Moves.kind(move) == Moves.EN_PASSANT;
      if (type == Pieces.PAWN) {
        if (capture) {
          san.append((char) ('a' + Squares.file(from)));
        }
      } else {
        san.append(Pieces.letter(type));
        disambiguate(board, move, legal, count, san);
      }
      if (capture) {
        san.append('x');
      }
      san.append(Squares.name(to));
      if (Moves.promotion(move) != 0) {
        san.append('=').append(Pieces.letter(Moves.promotion(move)));
      }
    }
    board.make(move);
    if (board.inCheck()) {
      int[] replies = new int[MoveGenerator.MAX_MOVES];
      san.append(MoveGenerator.legal(board, replies) == 0 ? '#' : '+');
    }
    board.unmake(move);
    return san.toString();
  }

  private static void disambiguate(
      Board board, int move, int[] legal, int count, StringBuilder san) {
    int from = Moves.from(move);
    int to = Moves.to(move);
    boolean rival = false;
    boolean sameFile = false;
    boolean sameRank = false;
    for (int i = 0; i < count; i++) {
      int other = legal[i];
      int otherFrom = Moves.from(other);
      if (otherFrom != from
          && Moves.to(other) == to
          && board.squares[otherFrom] == board.squares[from]) {
        rival = true;
        sameFile |= Squares.file(otherFrom) == Squares.file(from);
        sameRank |= Squares.rank(otherFrom) == Squares.rank(from);
      }
    }
    if (!rival) {
      return;
    }
    if (!sameFile) {
      san.append((char) ('a' + Squares.file(from)));
    } else if (!sameRank) {
      san.append((char) ('1' + Squares.rank(from)));
    } else {
      san.append(Squares.name(from));
    }
  }
}
