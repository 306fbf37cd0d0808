package io.cruster.samples.chess;

import static io.cruster.samples.chess.ChessFixture.refused;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.samples.chess.rules.Color;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The game entity on a TestCluster: rules, turns, clocks, timeouts, draws, resignation, abort,
 * audit.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChessGameTest {
  private static final TimeControl THREE_PLUS_TWO = new TimeControl(180, 2);
  private final ChessFixture chess = new ChessFixture();

  @AfterEach
  void close() {
    chess.close();
  }

  @Test
  void aNewGameStartsFromTheInitialPositionWithFullClocks() {
    GameView g = chess.create("g1", "w", "b", THREE_PLUS_TWO);
    assertEquals("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", g.fen());
    assertEquals(Color.WHITE, g.turn());
    assertEquals(GameStatus.IN_PROGRESS, g.status());
    assertEquals(new GameView.ClockView(180_000, 180_000), g.clock());
    assertEquals(20, g.legalMoves().size());
    assertEquals(Optional.empty(), g.reason());
    assertEquals(Optional.empty(), g.drawOffer());
  }

  @Test
  void movesAreRecordedInSanWithTheFenAfterEach() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    GameView g = chess.play("g1", "e2e4", "c7c5", "g1f3");
    assertEquals(
        List.of("e4", "c5", "Nf3"), g.moves().stream().map(GameView.MoveView::san).toList());
    assertEquals("rnbqkbnr/pp1ppppp/8/2p5/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 1 2", g.fen());
    assertEquals(g.fen(), g.moves().get(2).fen());
    assertEquals(Color.BLACK, g.turn());
  }

  @Test
  void refusedMovesChangeNothing() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    chess.play("g1", "e2e4");
    GameView before = chess.game("g1");
    refused(chess.games.call("g1", new ChessGame.MakeMove("w", "d2d4")), Refusal.NOT_YOUR_TURN);
    refused(chess.games.call("g1", new ChessGame.MakeMove("b", "e7e4")), Refusal.ILLEGAL_MOVE);
    refused(chess.games.call("g1", new ChessGame.MakeMove("b", "xx")), Refusal.BAD_MOVE);
    refused(chess.games.call("g1", new ChessGame.MakeMove("eve", "e7e5")), Refusal.NOT_IN_GAME);
    refused(chess.games.call("g1", new ChessGame.OfferDraw("eve")), Refusal.NOT_IN_GAME);
    refused(chess.games.call("g1", new ChessGame.AcceptDraw("b")), Refusal.NO_DRAW_OFFER);
    refused(chess.games.call("nope", new ChessGame.MakeMove("w", "e2e4")), Refusal.NOT_FOUND);
    assertEquals(before, chess.game("g1"));
    assertEquals(2, chess.games.call("g1", new Auditable.Trail()).size(), "CREATE and one MOVE");
  }

  @Test
  void checkmateEndsTheGameForTheMover() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    GameView g = chess.play("g1", "f2f3", "e7e5", "g2g4", "d8h4");
    assertEquals(GameStatus.BLACK_WINS, g.status());
    assertEquals(Optional.of(EndReason.CHECKMATE), g.reason());
    assertEquals("Qh4#", g.moves().get(3).san());
    assertEquals(List.of(), g.legalMoves());
    refused(chess.games.call("g1", new ChessGame.MakeMove("w", "a2a3")), Refusal.GAME_OVER);
    refused(chess.games.call("g1", new ChessGame.Resign("w")), Refusal.GAME_OVER);
  }

  @Test
  void stalemateIsADraw() {
    // The shortest known stalemate (Sam Loyd, 10 moves).
    GameView g =
        chessPlay(
            "e2e3", "a7a5", "d1h5", "a8a6", "h5a5", "h7h5", "h2h4", "a6h6", "a5c7", "f7f6", "c7d7",
            "e8f7", "d7b7", "d8d3", "b7b8", "d3h7", "b8c8", "f7g6", "c8e6");
    assertEquals(GameStatus.DRAW, g.status());
    assertEquals(Optional.of(EndReason.STALEMATE), g.reason());
  }

  @Test
  void threefoldRepetitionIsADraw() {
    GameView g = chessPlay("g1f3", "g8f6", "f3g1", "f6g8", "g1f3", "g8f6", "f3g1", "f6g8");
    assertEquals(GameStatus.DRAW, g.status());
    assertEquals(Optional.of(EndReason.THREEFOLD_REPETITION), g.reason());
    assertEquals(
        8, g.ply(), "the start position occurred for the third time after the 8th half-move");
  }

  private GameView chessPlay(String... ucis) {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    return chess.play("g1", ucis);
  }

  @Test
  void theClockDeductsTheTimeUsedAndAddsTheIncrement() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    chess.advance(Duration.ofSeconds(10));
    assertEquals(
        new GameView.ClockView(170_000, 180_000), chess.game("g1").clock(), "white's clock runs");
    GameView g = chess.play("g1", "e2e4");
    assertEquals(new GameView.ClockView(172_000, 180_000), g.clock(), "10 s used, 2 s added");
    chess.advance(Duration.ofSeconds(30));
    g = chess.play("g1", "e7e5");
    assertEquals(new GameView.ClockView(172_000, 152_000), g.clock());
  }

  @Test
  void aTimeoutFiresWhenTheSideToMoveRunsOutOfTime() {
    chess.create("g1", "w", "b", new TimeControl(60, 0));
    chess.play("g1", "e2e4");
    chess.advance(Duration.ofSeconds(61));
    await().atMost(Duration.ofSeconds(10)).until(() -> chess.game("g1").status().isOver());
    GameView g = chess.game("g1");
    assertEquals(GameStatus.WHITE_WINS, g.status());
    assertEquals(Optional.of(EndReason.TIMEOUT), g.reason());
    assertEquals(0, g.clock().blackMs());
    assertEquals(60_000, g.clock().whiteMs());
    assertTrue(
        chess.games.call("g1", new Auditable.Trail()).stream()
            .anyMatch(e -> e.action().equals("TIMEOUT")));
  }

  @Test
  void aStaleTimeoutIsIgnored() {
    chess.create("g1", "w", "b", new TimeControl(60, 0));
    chess.advance(Duration.ofSeconds(50));
    chess.play("g1", "e2e4"); // white's flag would have fallen at 60 s: that check is now stale
    chess.advance(Duration.ofSeconds(15)); // 65 s: the ply-0 check is delivered and ignored
    chess.play("g1", "e7e5");
    GameView g = chess.game("g1");
    assertEquals(GameStatus.IN_PROGRESS, g.status());
    assertEquals(new GameView.ClockView(10_000, 45_000), g.clock());
    assertTrue(
        chess.games.call("g1", new Auditable.Trail()).stream()
            .noneMatch(e -> e.action().equals("TIMEOUT")));
  }

  @Test
  void aMoveAfterTheFlagFellEndsTheGameOnTime() {
    chess.create("g1", "w", "b", new TimeControl(60, 0));
    chess.cluster.clock().advance(Duration.ofSeconds(60));
    Reply<GameView> late = chess.games.call("g1", new ChessGame.MakeMove("w", "e2e4"));
    refused(late, Refusal.GAME_OVER); // whether the scheduled flag check or the move came first
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> chess.game("g1").status() == GameStatus.BLACK_WINS);
    assertEquals(0, chess.game("g1").ply());
  }

  @Test
  void aDrawOfferStandsUntilTheOpponentMovesAndCanBeAccepted() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    chess.play("g1", "e2e4");
    GameView g = chess.games.call("g1", new ChessGame.OfferDraw("w")).orElseThrow();
    assertEquals(Optional.of(Color.WHITE), g.drawOffer());
    refused(chess.games.call("g1", new ChessGame.AcceptDraw("w")), Refusal.NO_DRAW_OFFER);
    g = chess.play("g1", "e7e5");
    assertEquals(Optional.empty(), g.drawOffer(), "declined by moving");
    chess.games.call("g1", new ChessGame.OfferDraw("w")).orElseThrow();
    g = chess.games.call("g1", new ChessGame.AcceptDraw("b")).orElseThrow();
    assertEquals(GameStatus.DRAW, g.status());
    assertEquals(Optional.of(EndReason.DRAW_AGREEMENT), g.reason());
  }

  @Test
  void resigningGivesTheOpponentTheGame() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    GameView g = chess.games.call("g1", new ChessGame.Resign("w")).orElseThrow();
    assertEquals(GameStatus.BLACK_WINS, g.status());
    assertEquals(Optional.of(EndReason.RESIGNATION), g.reason());
  }

  @Test
  void aGameCanBeAbortedOnlyBeforeBothSidesMoved() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    chess.play("g1", "e2e4");
    GameView g = chess.games.call("g1", new ChessGame.Abort("b")).orElseThrow();
    assertEquals(GameStatus.ABORTED, g.status());
    assertEquals(Optional.of(EndReason.ABORTED), g.reason());
    chess.create("g2", "w", "b", THREE_PLUS_TWO);
    chess.play("g2", "e2e4", "e7e5");
    refused(chess.games.call("g2", new ChessGame.Abort("w")), Refusal.CANNOT_ABORT);
  }

  @Test
  void creatingAgainIsIdempotentButAnotherGameUnderTheSameIdIsRefused() {
    GameView first = chess.create("g1", "w", "b", THREE_PLUS_TWO);
    assertEquals(first, chess.create("g1", "w", "b", THREE_PLUS_TWO));
    refused(
        chess.games.call("g1", new ChessGame.Create("x", "x", "y", "y", THREE_PLUS_TWO)),
        Refusal.ALREADY_EXISTS);
    refused(
        chess.games.call("g2", new ChessGame.Create("x", "x", "x", "x", THREE_PLUS_TWO)),
        Refusal.SAME_PLAYER);
  }

  @Test
  void theAuditTrailSaysWhoDidWhatAndWhen() {
    chess.create("g1", "w", "b", THREE_PLUS_TWO);
    chess.advance(Duration.ofSeconds(3));
    chess.play("g1", "e2e4");
    chess.games.call("g1", new ChessGame.Resign("b")).orElseThrow();
    List<Auditable.Entry> trail = chess.games.call("g1", new Auditable.Trail());
    assertEquals(
        List.of("CREATE", "MOVE", "RESIGN", "END"),
        trail.stream().map(Auditable.Entry::action).toList());
    assertEquals("w", trail.get(1).actor());
    assertEquals("e2e4 e4", trail.get(1).detail());
    assertEquals(chess.cluster.clock().now(), trail.get(1).at());
    assertEquals("b", trail.get(2).actor());
    assertEquals("WHITE_WINS RESIGNATION", trail.get(3).detail());
  }
}
