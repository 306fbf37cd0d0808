package io.cruster.samples.chess.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chess position: what is on the board, whose turn it is, castling rights, the en passant square
 * and the move counters. Read it from and write it to FEN; list its legal moves; {@link
 * #play(Move)} a move, which changes this position. Not thread-safe; {@link #copy()} one for
 * another thread.
 *
 * <pre>{@code
 * Position p = Position.start();
 * p.play(new Move("e2e4"));            // Optional[e4]
 * p.play(new Move("e2e4"));            // Optional.empty(): not legal now
 * p.fen();                             // rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1
 * }</pre>
 */
public final class Position {
  private final Board board;
  private final int[] buffer = new int[MoveGenerator.MAX_MOVES];

  private Position(Board board) {
    this.board = board;
  }

  /** The initial position. */
  public static Position start() {
    return fromFen(Fen.START);
  }

  /**
   * Reads a FEN ({@code rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1}); the move
   * counters may be left out.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static Position fromFen(String fen) {
    return new Position(Fen.parse(fen));
  }

  /** An independent copy. */
  public Position copy() {
    return new Position(board.copy());
  }

  /** The FEN of this position (en passant square only when a capture there is legal). */
  public String fen() {
    return Fen.write(board, enPassantCapturable());
  }

  /**
   * What makes two positions the same for the repetition rule: pieces, side to move, castling
   * rights and a legal en passant capture (the FEN without its move counters).
   */
  public String repetitionKey() {
    String fen = fen();
    int counters = fen.lastIndexOf(' ', fen.lastIndexOf(' ') - 1);
    return fen.substring(0, counters);
  }

  /** The side to move. */
  public Color turn() {
    return Color.of(board.side);
  }

  /** Half-moves since the last capture or pawn move (the fifty-move rule counts them). */
  public int halfmoveClock() {
    return board.halfmoves;
  }

  /** The number of the full move, starting at 1 and growing after Black moves. */
  public int fullmoveNumber() {
    return board.fullmoves;
  }

  /** The legal moves of the side to move. */
  public List<Move> legalMoves() {
    int n = MoveGenerator.legal(board, buffer);
    List<Move> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Move.of(buffer[i]));
    }
    return out;
  }

  /**
   * Plays {@code move} if it is legal and returns it in SAN; otherwise changes nothing and returns
   * empty.
   */
  public Optional<String> play(Move move) {
    int n = MoveGenerator.legal(board, buffer);
    for (int i = 0; i < n; i++) {
      int m = buffer[i];
      if (Move.of(m).equals(move)) {
        String san = San.of(board, m, buffer, n);
        board.make(m);
        return Optional.of(san);
      }
    }
    return Optional.empty();
  }

  /** Whether the side to move is in check. */
  public boolean isCheck() {
    return board.inCheck();
  }

  /** Whether the side to move is checkmated. */
  public boolean isCheckmate() {
    return board.inCheck() && MoveGenerator.legal(board, buffer) == 0;
  }

  /** Whether the side to move has no legal move and is not in check. */
  public boolean isStalemate() {
    return !board.inCheck() && MoveGenerator.legal(board, buffer) == 0;
  }

  /**
   * Whether neither side can ever mate: kings alone, a king and one minor piece against a king, or
   * kings and bishops all on squares of one color.
   */
  public boolean isInsufficientMaterial() {
    int minors = 0;
    int knights = 0;
    int lightBishops = 0;
    int darkBishops = 0;
    for (int s = 0; s < 128; s++) {
      if (!Squares.onBoard(s) || board.squares[s] == Pieces.EMPTY) {
        continue;
      }
      switch (Pieces.type(board.squares[s])) {
        case Pieces.KING -> {}
        case Pieces.KNIGHT -> {
          knights++;
          minors++;
        }
        case Pieces.BISHOP -> {
          minors++;
          if (Squares.light(s)) {
            lightBishops++;
          } else {
            darkBishops++;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return minors <= 1 || (knights == 0 && (lightBishops == 0 || darkBishops == 0));
  }

  /**
   * Whether {@code side} has nothing but its king (then it cannot mate, whatever happens: a flag
   * falling against it is a draw).
   */
  public boolean hasBareKing(Color side) {
    int color = side == Color.WHITE ? Board.WHITE : Board.BLACK;
    for (int s = 0; s < 128; s++) {
      if (Squares.onBoard(s)) {
        int p = board.squares[s];
        if (p != Pieces.EMPTY && Pieces.side(p) == color && Pieces.type(p) != Pieces.KING) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Leaf nodes of the legal move tree {@code depth} plies deep (perft), for validating the
   * generator.
   */
  public long perft(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("perft depth must be at least 1, was " + depth);
    }
    return Perft.count(board, depth);
  }

  private boolean enPassantCapturable() {
    if (board.enPassant == Squares.NONE) {
      return false;
    }
    int n = MoveGenerator.legal(board, buffer);
    for (int i = 0; i < n; i++) {
      if (Moves.kind(buffer[i]) == Moves.EN_PASSANT) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return fen();
  }
}
