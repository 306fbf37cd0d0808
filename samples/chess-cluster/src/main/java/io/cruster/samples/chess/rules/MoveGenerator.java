package io.cruster.samples.chess.rules;

/**
 * Generates the pseudo-legal moves of the side to move into an int array (no allocation per move);
 * {@link #legal(Board, int[])} keeps those that do not leave the mover's king attacked, by making
 * and unmaking each. Castling checks its squares here (empty, not attacked), so a castling move
 * that survives is legal.
 */
final class MoveGenerator {
  /** More than the most moves any legal position has (218). */
  static final int MAX_MOVES = 256;

  private static final int[] PROMOTIONS = {Pieces.QUEEN, Pieces.ROOK, Pieces.BISHOP, Pieces.KNIGHT};

  private MoveGenerator() {}

  /** Writes the legal moves into {@code out} and returns how many there are. */
  static int legal(Board board, int[] out) {
    int n = pseudoLegal(board, out);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int move = out[i];
      board.make(move);
      if (board.legal()) {
        out[kept++] = move;
      }
      board.unmake(move);
    }
    return kept;
  }

  static int pseudoLegal(Board board, int[] out) {
    int n = 0;
    int side = board.side;
    int[] squares = board.squares;
    for (int from = 0; from < 128; from++) {
      if (!Squares.onBoard(from)) {
        from += 7;
        continue;
      }
      int piece = squares[from];
      if (piece == Pieces.EMPTY || Pieces.side(piece) != side) {
        continue;
      }
      switch (Pieces.type(piece)) {
        case Pieces.PAWN -> n = pawn(board, from, out, n);
        case Pieces.KNIGHT -> n = steps(board, from, Board.KNIGHT_STEPS, out, n);
        case Pieces.BISHOP -> n = slides(board, from, Board.BISHOP_STEPS, out, n);
        case Pieces.ROOK -> n = slides(board, from, Board.ROOK_STEPS, out, n);
        case Pieces.QUEEN -> {
          n = slides(board, from, Board.BISHOP_STEPS, out, n);
          n = slides(board, from, Board.ROOK_STEPS, out, n);
        }
        case Pieces.KING -> {
          n = steps(board, from, Board.KING_STEPS, out, n);
          n = castles(board, from, out, n);
        }
        default -> throw new IllegalStateException("no piece type " + Pieces.type(piece));
      }
    }
    return n;
  }

  private static int pawn(Board board, int from, int[] out, int n) {
    int side = board.side;
    int forward = side == Board.WHITE ? 16 : -16;
    int startRank = side == Board.WHITE ? 1 : 6;
    int lastRank = side == Board.WHITE ? 7 : 0;
    int[] squares = board.squares;
    int one = from + forward;
    if (Squares.onBoard(one) && squares[one] == Pieces.EMPTY) {
      n = pawnMove(from, one, Squares.rank(one) == lastRank, out, n);
      int two = one + forward;
      if (Squares.rank(from) == startRank && squares[two] == Pieces.EMPTY) {
        out[n++] = Moves.encode(from, two, 0, Moves.DOUBLE_PUSH);
      }
    }
    for (int side2 = -1; side2 <= 1; side2 += 2) {
      int to = one + side2;
      if (!Squares.onBoard(to)) {
        continue;
      }
      int target = squares[to];
      if (target != Pieces.EMPTY && Pieces.side(target) != side) {
        n = pawnMove(from, to, Squares.rank(to) == lastRank, out, n);
      } else if (to == board.enPassant) {
        out[n++] = Moves.encode(from, to, 0, Moves.EN_PASSANT);
      }
    }
    return n;
  }

  private static int pawnMove(int from, int to, boolean promotes, int[] out, int n) {
    if (promotes) {
      for (int p : PROMOTIONS) {
        out[n++] = Moves.encode(from, to, p, Moves.NORMAL);
      }
    } else {
      out[n++] = Moves.encode(from, to, 0, Moves.NORMAL);
    }
    return n;
  }

  private static int steps(Board board, int from, int[] steps, int[] out, int n) {
    for (int step : steps) {
      int to = from + step;
      if (Squares.onBoard(to)) {
        int target = board.squares[to];
        if (target == Pieces.EMPTY || Pieces.side(target) != board.side) {
          out[n++] = Moves.encode(from, to, 0, Moves.NORMAL);
        }
      }
    }
    return n;
  }

  private static int slides(Board board, int from, int[] steps, int[] out, int n) {
    for (int step : steps) {
      for (int to = from + step; Squares.onBoard(to); to += step) {
        int target = board.squares[to];
        if (target == Pieces.EMPTY) {
          out[n++] = Moves.encode(from, to, 0, Moves.NORMAL);
        } else {
          if (Pieces.side(target) != board.side) {
            out[n++] = Moves.encode(from, to, 0, Moves.NORMAL);
          }
          break;
        }
      }
    }
    return n;
  }

  private static int castles(Board board, int from, int[] out, int n) {
    int side = board.side;
    int home = side == Board.WHITE ? Squares.of(4, 0) : Squares.of(4, 7);
    int kingside = side == Board.WHITE ? Board.WHITE_KINGSIDE : Board.BLACK_KINGSIDE;
    int queenside = side == Board.WHITE ? Board.WHITE_QUEENSIDE : Board.BLACK_QUEENSIDE;
    if (from != home || (board.castling & (kingside | queenside)) == 0) {
      return n;
    }
    int[] s = board.squares;
    int enemy = side ^ 1;
    if ((board.castling & kingside) != 0
        && s[home + 1] == Pieces.EMPTY
        && s[home + 2] == Pieces.EMPTY
        && s[home + 3] == Pieces.of(Pieces.ROOK, side)
        && !board.attacked(home, enemy)
        && !board.attacked(home + 1, enemy)
        && !board.attacked(home + 2, enemy)) {
      out[n++] = Moves.encode(home, home + 2, 0, Moves.CASTLE);
    }
    if ((board.castling & queenside) != 0
        && s[home - 1] == Pieces.EMPTY
        && s[home - 2] == Pieces.EMPTY
        && s[home - 3] == Pieces.EMPTY
        && s[home - 4] == Pieces.of(Pieces.ROOK, side)
        && !board.attacked(home, enemy)
        && !board.attacked(home - 1, enemy)
        && !board.attacked(home - 2, enemy)) {
      out[n++] = Moves.encode(home, home - 2, 0, Moves.CASTLE);
    }
    return n;
  }
}
