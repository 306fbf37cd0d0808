package io.cruster.samples.chess.rules;

import java.util.Arrays;

/**
 * The mutable state of a position on a 0x88 mailbox, with make/unmake: {@link #make(int)} pushes
 * what it needs to undo the move on a stack and {@link #unmake(int)} pops it, so a search walks the
 * tree without copying boards. Attack tests look outwards from the attacked square along the rays
 * of each piece type. Not thread-safe.
 */
final class Board {
  static final int WHITE = 0;
  static final int BLACK = 1;
  static final int WHITE_KINGSIDE = 1;
  static final int WHITE_QUEENSIDE = 2;
  static final int BLACK_KINGSIDE = 4;
  static final int BLACK_QUEENSIDE = 8;

  static final int[] KNIGHT_STEPS = {33, 31, 18, 14, -14, -18, -31, -33};
  static final int[] KING_STEPS = {1, -1, 16, -16, 15, 17, -15, -17};
  static final int[] BISHOP_STEPS = {15, 17, -15, -17};
  static final int[] ROOK_STEPS = {1, -1, 16, -16};

  /**
   * Castling rights kept when a piece leaves or lands on a square: the corners and king squares
   * clear theirs.
   */
  private static final int[] CASTLE_MASK = new int[128];

  static {
    Arrays.fill(CASTLE_MASK, 15);
    CASTLE_MASK[Squares.of(4, 0)] = 15 & ~(WHITE_KINGSIDE | WHITE_QUEENSIDE);
    CASTLE_MASK[Squares.of(7, 0)] = 15 & ~WHITE_KINGSIDE;
    CASTLE_MASK[Squares.of(0, 0)] = 15 & ~WHITE_QUEENSIDE;
    CASTLE_MASK[Squares.of(4, 7)] = 15 & ~(BLACK_KINGSIDE | BLACK_QUEENSIDE);
    CASTLE_MASK[Squares.of(7, 7)] = 15 & ~BLACK_KINGSIDE;
    CASTLE_MASK[Squares.of(0, 7)] = 15 & ~BLACK_QUEENSIDE;
  }

  final int[] squares = new int[128];
  final int[] kings = new int[2];
  int side;
  int castling;
  int enPassant = Squares.NONE;
  int halfmoves;
  int fullmoves = 1;

  /**
   * The undo stack: per ply, the captured piece, castling rights, en passant square and halfmove
   * clock.
   */
  private int[] undo = new int[4 * 64];

  private int ply;

  Board copy() {
    Board b = new Board();
    System.arraycopy(squares, 0, b.squares, 0, 128);
    b.kings[0] = kings[0];
    b.kings[1] = kings[1];
    b.side = side;
    b.castling = castling;
    b.enPassant = enPassant;
    b.halfmoves = halfmoves;
    b.fullmoves = fullmoves;
    return b;
  }

  void put(int square, int piece) {
    squares[square] = piece;
    if (Pieces.type(piece) == Pieces.KING) {
      kings[Pieces.side(piece)] = square;
    }
  }

  /**
   * Plays a pseudo-legal move; the king of the side that moved may be left in check (see {@link
   * #legal}).
   */
  void make(int move) {
    if (undo.length < (ply + 1) * 4) {
      undo = Arrays.copyOf(undo, undo.length * 2);
    }
    int from = Moves.from(move);
    int to = Moves.to(move);
    int kind = Moves.kind(move);
    int piece = squares[from];
    int captured = squares[to];
    if (kind == Moves.EN_PASSANT) {
      int victim = side == WHITE ? to - 16 : to + 16;
      captured = squares[victim];
      squares[victim] = Pieces.EMPTY;
    }
    int u = ply * 4;
    undo[u] = captured;
    undo[u + 1] = castling;
    undo[u + 2] = enPassant;
    undo[u + 3] = halfmoves;
    ply++;

    int promotion = Moves.promotion(move);
    squares[to] = promotion != 0 ? Pieces.of(promotion, side) : piece;
    squares[from] = Pieces.EMPTY;
    if (kind == Moves.CASTLE) {
      if (to > from) {
        squares[from + 1] = squares[from + 3];
        squares[from + 3] = Pieces.EMPTY;
      } else {
        squares[from - 1] = squares[from - 4];
        squares[from - 4] = Pieces.EMPTY;
      }
    }
    int type = Pieces.type(piece);
    if (type == Pieces.KING) {
      kings[side] = to;
    }
    castling &= CASTLE_MASK[from] & CASTLE_MASK[to];
    enPassant = kind == Moves.DOUBLE_PUSH ? (from + to) >> 1 : Squares.NONE;
    halfmoves = type == Pieces.PAWN || captured != Pieces.EMPTY ? 0 : halfmoves + 1;
    if (side == BLACK) {
      fullmoves++;
    }
    side ^= 1;
  }

  /** Takes back {@code move}, which must be the last one made. */
  void unmake(int move) {
    side ^= 1;
    if (side == BLACK) {
      fullmoves--;
    }
    ply--;
    int u = ply * 4;
    int captured = undo[u];
    castling = undo[u + 1];
    enPassant = undo[u + 2];
    halfmoves = undo[u + 3];
    int from = Moves.from(move);
    int to = Moves.to(move);
    int kind = Moves.kind(move);
    int piece = Moves.promotion(move) != 0 ? Pieces.of(Pieces.PAWN, side) : squares[to];
    squares[from] = piece;
    if (kind == Moves.EN_PASSANT) {
      squares[to] = Pieces.EMPTY;
      squares[side == WHITE ? to - 16 : to + 16] = captured;
    } else {
      squares[to] = captured;
    }
    if (kind == Moves.CASTLE) {
      if (to > from) {
        squares[from + 3] = squares[from + 1];
        squares[from + 1] = Pieces.EMPTY;
      } else {
        squares[from - 4] = squares[from - 1];
        squares[from - 1] = Pieces.EMPTY;
      }
    }
    if (Pieces.type(piece) == Pieces.KING) {
      kings[side] = from;
    }
  }

  /** Whether the last move made left its own king safe. */
  boolean legal() {
    return !attacked(kings[side ^ 1], side);
  }

  /** Whether the side to move is in check. */
  boolean inCheck() {
    return attacked(kings[side], side ^ 1);
  }

  /** Whether {@code by} attacks {@code square}. */
  boolean attacked(int square, int by) {
    int pawn = Pieces.of(Pieces.PAWN, by);
    int behind = by == WHITE ? -16 : 16;
    if (attackedFrom(square + behind - 1, pawn) || attackedFrom(square + behind + 1, pawn)) {
      return true;
    }
    int knight = Pieces.of(Pieces.KNIGHT, by);
    for (int step : KNIGHT_STEPS) {
      if (attackedFrom(square + step, knight)) {
        return true;
      }
    }
    int king = Pieces.of(Pieces.KING, by);
    for (int step : KING_STEPS) {
      if (attackedFrom(square + step, king)) {
        return true;
      }
    }
    return slides(square, BISHOP_STEPS, Pieces.of(Pieces.BISHOP, by), Pieces.of(Pieces.QUEEN, by))
        || slides(square, ROOK_STEPS, Pieces.of(Pieces.ROOK, by), Pieces.of(Pieces.QUEEN, by));
  }

  private boolean attackedFrom(int square, int piece) {
    return Squares.onBoard(square) && squares[square] == piece;
  }

  private boolean slides(int square, int[] steps, int slider, int queen) {
    for (int step : steps) {
      int s = square + step;
      while (Squares.onBoard(s)) {
        int p = squares[s];
        if (p != Pieces.EMPTY) {
          if (p == slider || p == queen) {
            return true;
          }
          break;
        }
        s += step;
      }
    }
    return false;
  }
}
