package io.cruster.samples.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Notation and the special rules, one position at a time. */
class PositionTest {

  private static List<String> play(Position p, String... ucis) {
    return java.util.Arrays.stream(ucis)
        .map(
            u ->
                p.play(new Move(u))
                    .orElseThrow(() -> new AssertionError(u + " illegal in " + p.fen())))
        .toList();
  }

  @Test
  void theStartPositionHasTwentyMovesAndWritesItsFen() {
    Position p = Position.start();
    assertEquals(20, p.legalMoves().size());
    assertEquals("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", p.fen());
    assertEquals(Color.WHITE, p.turn());
  }

  @Test
  void aPlayedMoveReturnsItsSanAndAnIllegalOneChangesNothing() {
    Position p = Position.start();
    assertEquals(Optional.of("e4"), p.play(new Move("e2e4")));
    String fen = p.fen();
    assertEquals(Optional.empty(), p.play(new Move("e2e4")));
    assertEquals(Optional.empty(), p.play(new Move("e7e4")));
    assertEquals(fen, p.fen());
    assertEquals("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1", fen);
  }

  @Test
  void foolsMateIsCheckmateWrittenWithAHash() {
    Position p = Position.start();
    assertEquals(List.of("f3", "e5", "g4", "Qh4#"), play(p, "f2f3", "e7e5", "g2g4", "d8h4"));
    assertTrue(p.isCheckmate());
    assertTrue(p.isCheck());
    assertFalse(p.isStalemate());
    assertEquals(List.of(), p.legalMoves());
  }

  @Test
  void stalemateIsNoMoveWithoutCheck() {
    Position p = Position.fromFen("7k/5Q2/6K1/8/8/8/8/8 b - - 0 1");
    assertTrue(p.isStalemate());
    assertFalse(p.isCheckmate());
  }

  @Test
  void castlingIsWrittenOhOhAndMovesTheRook() {
    Position p = Position.fromFen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    assertEquals(Optional.of("O-O"), p.play(new Move("e1g1")));
    assertEquals(Optional.of("O-O-O"), p.play(new Move("e8c8")));
    assertEquals("2kr3r/8/8/8/8/8/8/R4RK1 w - - 2 2", p.fen());
  }

  @Test
  void noCastlingOutOfThroughOrIntoCheck() {
    // A black rook on f8 covers f1: no kingside castling; the queenside is free.
    Position p = Position.fromFen("4kr2/8/8/8/8/8/8/R3K2R w KQ - 0 1");
    List<Move> moves = p.legalMoves();
    assertFalse(moves.contains(new Move("e1g1")));
    assertTrue(moves.contains(new Move("e1c1")));
    Position inCheck = Position.fromFen("4r1k1/8/8/8/8/8/8/R3K2R w KQ - 0 1");
    assertFalse(inCheck.legalMoves().contains(new Move("e1g1")));
    assertFalse(inCheck.legalMoves().contains(new Move("e1c1")));
  }

  @Test
  void aRookThatMovesOrIsTakenLosesItsCastlingRight() {
    Position p = Position.fromFen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    play(p, "h1h8");
    assertEquals("r3k2R/8/8/8/8/8/8/R3K3 b Qq - 0 1", p.fen());
  }

  @Test
  void enPassantIsWrittenOnlyWhenTheCaptureIsLegalAndRemovesThePawn() {
    Position p = Position.start();
    play(p, "e2e4");
    assertTrue(p.fen().contains(" b KQkq - "), "no black pawn can take on e3: " + p.fen());
    play(p, "a7a6", "e4e5", "d7d5");
    assertTrue(p.fen().contains(" w KQkq d6 "), p.fen());
    assertEquals(Optional.of("exd6"), p.play(new Move("e5d6")));
    assertEquals("rnbqkbnr/1pp1pppp/p2P4/8/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 3", p.fen());
  }

  @Test
  void promotionNeedsAPieceAndIsWrittenWithEquals() {
    Position p = Position.fromFen("8/P6k/8/8/8/8/8/K7 w - - 0 1");
    assertEquals(Optional.empty(), p.play(new Move("a7a8")));
    assertEquals(Optional.of("a8=N"), p.play(new Move("a7a8n")));
    assertEquals("N7/7k/8/8/8/8/8/K7 b - - 0 1", p.fen());
  }

  @Test
  void sanTellsApartTwoPiecesReachingOneSquare() {
    Position p = Position.fromFen("k7/8/8/8/8/8/8/KR3R2 w - - 0 1");
    assertEquals(Optional.of("Rbd1"), p.copy().play(new Move("b1d1")));
    Position q = Position.fromFen("7k/8/R7/8/8/8/8/K1R5 w - - 0 1");
    assertEquals(Optional.of("Rcc6"), q.copy().play(new Move("c1c6")));
    assertEquals(Optional.of("Rc2"), q.copy().play(new Move("c1c2")));
    Position r = Position.fromFen("7k/8/8/8/R7/8/8/RK6 w - - 0 1");
    assertEquals(Optional.of("R4a2"), r.copy().play(new Move("a4a2")));
    assertEquals(Optional.of("R1a2"), r.copy().play(new Move("a1a2")));
  }

  @Test
  void aCheckIsWrittenWithAPlus() {
    Position p = Position.fromFen("k7/8/8/8/8/8/8/K6R w - - 0 1");
    assertEquals(Optional.of("Rh8+"), p.play(new Move("h1h8")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8/8/8/4k3/8/8/8/4K3 w - - 0 1",
        "8/8/8/4k3/8/8/8/4KB2 w - - 0 1",
        "8/8/8/4k3/8/8/8/4KN2 w - - 0 1",
        "8/8/2b5/4k3/8/8/8/4KB2 w - - 0 1"
      })
  void theseCannotBeWonByEitherSide(String fen) {
    assertTrue(Position.fromFen(fen).isInsufficientMaterial(), fen);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8/8/8/4k3/8/8/4P3/4K3 w - - 0 1",
        "8/8/8/4k3/8/8/8/3NKN2 w - - 0 1",
        "8/8/3b4/4k3/8/8/8/4KB2 w - - 0 1",
        "8/8/8/4k3/8/8/8/4KR2 w - - 0 1"
      })
  void theseStillHaveMatingMaterial(String fen) {
    assertFalse(Position.fromFen(fen).isInsufficientMaterial(), fen);
  }

  @Test
  void theRepetitionKeyIgnoresTheMoveCounters() {
    Position p = Position.start();
    String start = p.repetitionKey();
    play(p, "g1f3", "g8f6", "f3g1", "f6g8");
    assertEquals(start, p.repetitionKey());
    assertEquals(4, p.halfmoveClock());
    assertEquals(3, p.fullmoveNumber());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP w KQkq - 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNX w KQkq - 0 1",
        "rnbqkbnr/pppppppp/9/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQ1BNR w KQkq - 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR x KQkq - 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkx - 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq z9 0 1",
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - x 1",
        "4k3/8/8/8/8/8/8/4K2R b - - 0 1 extra"
      })
  void aMalformedFenIsRefusedWithTheReason(String fen) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Position.fromFen(fen));
    assertTrue(e.getMessage().startsWith("invalid FEN"), e.getMessage());
  }

  @Test
  void theSideNotToMoveMustNotBeInCheck() {
    assertThrows(
        IllegalArgumentException.class, () -> Position.fromFen("4k2R/8/8/8/8/8/8/4K3 w - - 0 1"));
  }

  @Test
  void aUciMoveIsParsedStrictly() {
    assertEquals(Optional.of(new Move("e7e8q")), Move.parse("e7e8q"));
    assertEquals(Optional.empty(), Move.parse("e7e8k"));
    assertEquals(Optional.empty(), Move.parse("e2-e4"));
    assertEquals(Optional.empty(), Move.parse(null));
  }
}
