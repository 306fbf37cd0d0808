package io.cruster.samples.chess.rules;

/**
 * Forsyth-Edwards Notation: reads all six fields, writes them back. The en passant square is
 * written only when a legal en passant capture exists, so two FENs of one position are equal
 * strings and serve as repetition keys.
 */
final class Fen {
  static final String START = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1";

  private Fen() {}

  static Board parse(String fen) {
    if (fen == null) {
      throw new IllegalArgumentException("no FEN given");
    }
    String[] fields = fen.trim().split("\\s+");
    if (fields.length < 4 || fields.length > 6) {
      throw bad(fen, "it needs 4 to 6 fields");
    }
    Board b = new Board();
    String[] ranks = fields[0].split("/");
    if (ranks.length != 8) {
      throw bad(fen, "the board needs 8 ranks");
    }
    int[] kings = new int[2];
    for (int r = 0; r < 8; r++) {
      int file = 0;
      for (char c : ranks[7 - r].toCharArray()) {
        if (c >= '1' && c <= '8') {
          file += c - '0';
        } else {
          int piece = Pieces.fromFen(c);
          if (piece < 0 || file > 7) {
            throw bad(fen, "rank " + (r + 1) + " is malformed");
          }
          b.put(Squares.of(file++, r), piece);
          if (Pieces.type(piece) == Pieces.KING) {
            kings[Pieces.side(piece)]++;
          }
        }
      }
      if (file != 8) {
        throw bad(fen, "rank " + (r + 1) + " does not have 8 squares");
      }
    }
    if (kings[0] != 1 || kings[1] != 1) {
      throw bad(fen, "each side needs exactly one king");
    }
    b.side =
        switch (fields[1]) {
          case "w" -> Board.WHITE;
          case "b" -> Board.BLACK;
          default -> throw bad(fen, "the side to move is w or b");
        };
    b.castling = castling(fen, fields[2]);
    if (!fields[3].equals("-")) {
      b.enPassant = Squares.parse(fields[3], 0);
      if (b.enPassant == Squares.NONE || fields[3].length() != 2) {
        throw bad(fen, "the en passant square is malformed");
      }
    }
    b.halfmoves = fields.length > 4 ? number(fen, fields[4]) : 0;
    b.fullmoves = fields.length > 5 ? Math.max(1, number(fen, fields[5])) : 1;
    if (b.attacked(b.kings[b.side ^ 1], b.side)) {
      throw bad(fen, "the side not to move is in check");
    }
    return b;
  }

  private static int castling(String fen, String field) {
    if (field.equals("-")) {
      return 0;
    }
    int rights = 0;
    for (char c : field.toCharArray()) {
      rights |=
          switch (c) {
            case 'K' -> Board.WHITE_KINGSIDE;
            case 'Q' -> Board.WHITE_QUEENSIDE;
            case 'k' -> Board.BLACK_KINGSIDE;
            case 'q' -> Board.BLACK_QUEENSIDE;
            default -> throw bad(fen, "castling rights are KQkq or -");
          };
    }
    return rights;
  }

  private static int number(String fen, String field) {
    try {
      int n = Integer.parseInt(field);
      if (n < 0) {
        throw bad(fen, "move counters are not negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(fen, "move counters are numbers");
    }
  }

  private static IllegalArgumentException bad(String fen, String why) {
    return new IllegalArgumentException("invalid FEN '" + fen + "': " + why);
  }

  /** The FEN of {@code b}; {@code epCapturable} says whether a legal en passant capture exists. */
  static String write(Board b, boolean epCapturable) {
    StringBuilder out = new StringBuilder(90);
    for (int r = 7; r >= 0; r--) {
      int empty = 0;
      for (int f = 0; f < 8; f++) {
        int p = b.squares[Squares.of(f, r)];
        if (p == Pieces.EMPTY) {
          empty++;
        } else {
          if (empty > 0) {
            out.append(empty);
            empty = 0;
          }
          out.append(Pieces.fen(p));
        }
      }
      if (empty > 0) {
        out.append(empty);
      }
      if (r > 0) {
        out.append('/');
      }
    }
    out.append(b.side == Board.WHITE ? " w " : " b ");
    if (b.castling == 0) {
      out.append('-');
    } else {
      appendIf(out, b.castling, Board.WHITE_KINGSIDE, 'K');
      appendIf(out, b.castling, Board.WHITE_QUEENSIDE, 'Q');
      appendIf(out, b.castling, Board.BLACK_KINGSIDE, 'k');
      appendIf(out, b.castling, Board.BLACK_QUEENSIDE, 'q');
    }
    out.append(' ').append(epCapturable ? Squares.name(b.enPassant) : "-");
    out.append(' ').append(b.halfmoves).append(' ').append(b.fullmoves);
    return out.toString();
  }

  private static void appendIf(StringBuilder out, int rights, int right, char c) {
    if ((rights & right) != 0) {
      out.append(c);
    }
  }
}
