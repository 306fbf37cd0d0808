package io.cruster.samples.chess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.samples.chess.rules.Move;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The endings that take too many moves to reach from the start, on states whose last recorded move
 * left a chosen position.
 */
class GameStateTest {
  private static final TimeControl TC = new TimeControl(60, 0);

  /**
   * A running game whose last move left {@code fen}; {@code fen}'s side to move matches the move
   * count.
   */
  private static GameState after(String fen) {
    boolean whiteToMove = fen.split(" ")[1].equals("w");
    List<GameView.MoveView> moves = new ArrayList<>();
    if (whiteToMove) {
      moves.add(new GameView.MoveView("e2e4", "e4", GameState.START_FEN));
    }
    moves.add(new GameView.MoveView("a1a1", "-", fen));
    GameState s = GameState.start("g", new ChessGame.Create("w", "W", "b", "B", TC), 0);
    return new GameState(
        true,
        "g",
        "w",
        "b",
        "W",
        "B",
        TC,
        List.copyOf(moves),
        GameStatus.IN_PROGRESS,
        Optional.empty(),
        s.whiteMs(),
        s.blackMs(),
        0,
        Optional.empty());
  }

  @Test
  void takingTheLastPieceLeavesInsufficientMaterial() {
    GameState s =
        after("4k3/8/8/8/8/8/3q4/4K3 w - - 0 40").play(new Move("e1d2"), 1000).orElseThrow();
    assertEquals(GameStatus.DRAW, s.status());
    assertEquals(Optional.of(EndReason.INSUFFICIENT_MATERIAL), s.reason());
  }

  @Test
  void theHundredthQuietHalfMoveIsADrawByTheFiftyMoveRule() {
    GameState s =
        after("4k3/8/8/8/8/8/8/R3K3 w - - 99 80").play(new Move("a1a2"), 1000).orElseThrow();
    assertEquals(GameStatus.DRAW, s.status());
    assertEquals(Optional.of(EndReason.FIFTY_MOVE_RULE), s.reason());
  }

  @Test
  void mateOnTheHundredthHalfMoveIsStillMate() {
    GameState s =
        after("6k1/5ppp/8/8/8/8/8/R3K3 w - - 99 80").play(new Move("a1a8"), 1000).orElseThrow();
    assertEquals(GameStatus.WHITE_WINS, s.status());
    assertEquals(Optional.of(EndReason.CHECKMATE), s.reason());
  }

  @Test
  void aFlagFallingAgainstABareKingIsADraw() {
    GameState s = after("4k3/8/8/8/8/8/8/R3K3 w - - 0 40").flagFell(60_000);
    assertEquals(GameStatus.DRAW, s.status());
    assertEquals(Optional.of(EndReason.TIMEOUT), s.reason());
    assertEquals(0, s.whiteMs());
  }

  @Test
  void aFlagFallingAgainstMatingMaterialLoses() {
    GameState s = after("4k3/8/8/8/8/8/8/R3K3 b - - 0 40").flagFell(60_000);
    assertEquals(GameStatus.WHITE_WINS, s.status());
    assertEquals(Optional.of(EndReason.TIMEOUT), s.reason());
  }

  @Test
  void anIllegalMoveLeavesNoNewState() {
    assertEquals(
        Optional.empty(), after("4k3/8/8/8/8/8/8/R3K3 w - - 0 40").play(new Move("a1b2"), 1000));
  }
}
