package io.cruster.samples.chess;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Elo, and the leaderboard fed by its singleton from the directory's results, on a TestCluster. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaderboardTest {
  private final ChessFixture chess = new ChessFixture();

  @AfterEach
  void close() {
    chess.close();
  }

  @Test
  void eloWithKThirtyTwo() {
    assertEquals(0.5, Elo.expected(1200, 1200), 1e-9);
    assertEquals(1216, Elo.next(1200, 1200, 1.0));
    assertEquals(1184, Elo.next(1200, 1200, 0.0));
    assertEquals(1200, Elo.next(1200, 1200, 0.5));
    assertEquals(0.909, Elo.expected(1600, 1200), 1e-3);
    assertEquals(1603, Elo.next(1600, 1200, 1.0));
    assertEquals(1571, Elo.next(1600, 1200, 0.0));
    assertEquals(1229, Elo.next(1200, 1600, 1.0));
  }

  private void finish(String game, String white, String black, GameStatus result) {
    chess.create(game, white, black, TimeControl.BLITZ);
    switch (result) {
      case WHITE_WINS -> chess.games.call(game, new ChessGame.Resign(black)).orElseThrow();
      case BLACK_WINS -> chess.games.call(game, new ChessGame.Resign(white)).orElseThrow();
      case DRAW -> {
        chess.games.call(game, new ChessGame.OfferDraw(white)).orElseThrow();
        chess.games.call(game, new ChessGame.AcceptDraw(black)).orElseThrow();
      }
      case ABORTED -> chess.games.call(game, new ChessGame.Abort(white)).orElseThrow();
      case IN_PROGRESS -> throw new IllegalArgumentException();
    }
  }

  private void awaitApplied(long n) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              chess.advance(LeaderboardFeed.IDLE);
              return chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Applied()) == n;
            });
  }

  private List<Leaderboard.Ranked> top(int n) {
    return chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Top(n));
  }

  @Test
  void resultsUpdateRatingsRecordsAndPeaks() {
    finish("g1", "a", "b", GameStatus.WHITE_WINS);
    finish("g2", "a", "b", GameStatus.DRAW);
    finish("g3", "b", "a", GameStatus.WHITE_WINS);
    finish("g4", "a", "b", GameStatus.ABORTED);
    awaitApplied(3);
    List<Leaderboard.Ranked> top = top(10);
    assertEquals(2, top.size(), "the aborted game is not rated");
    // a: 1200 -> 1216 (win) -> 1215 (draw vs 1184) -> 1198 (loss vs 1185)
    Leaderboard.Standing a =
        top.stream()
            .map(Leaderboard.Ranked::standing)
            .filter(s -> s.player().equals("a"))
            .findFirst()
            .orElseThrow();
    assertEquals(new Leaderboard.Standing("a", "a-name", 1198, 1, 1, 1, 1216), a);
    Leaderboard.Standing b = top.get(0).standing();
    assertEquals(new Leaderboard.Standing("b", "b-name", 1202, 1, 1, 1, 1202), b);
    assertEquals(1, top.get(0).rank());
    assertEquals(2, top.get(1).rank());
    assertEquals(1202, (int) chess.leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf("b")));
    assertEquals(
        Elo.INITIAL,
        (int) chess.leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf("nobody")));
  }

  @Test
  void aResultIsAppliedOnceEvenWhenDeliveredAgain() {
    finish("g1", "a", "b", GameStatus.WHITE_WINS);
    awaitApplied(1);
    GameResult r =
        new GameResult(
            "g1", "a", "a-name", "b", "b-name", GameStatus.WHITE_WINS, EndReason.RESIGNATION);
    assertEquals(false, chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Apply(1, r)));
    assertEquals(false, chess.directory.call(GameDirectory.ID, new GameDirectory.GameFinished(r)));
    assertEquals(1216, (int) chess.leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf("a")));
    assertEquals(
        List.of(),
        chess.directory.call(GameDirectory.ID, new GameDirectory.ResultsAfter(0, 10)),
        "acknowledged results leave the feed");
  }

  @Test
  void topNAndThePlayersAroundAPlayer() {
    // p0 beats everyone, p1 beats everyone but p0, ...: ranks follow the index.
    int n = 5;
    int game = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        finish("g" + game++, "p" + i, "p" + j, GameStatus.WHITE_WINS);
      }
    }
    awaitApplied(game);
    List<Leaderboard.Ranked> top = top(3);
    assertEquals(List.of("p0", "p1", "p2"), top.stream().map(r -> r.standing().player()).toList());
    assertEquals(List.of(1, 2, 3), top.stream().map(Leaderboard.Ranked::rank).toList());
    Leaderboard.Neighbourhood around =
        chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Around("p2", 1)).orElseThrow();
    assertEquals(3, around.player().rank());
    assertEquals(List.of("p1"), around.above().stream().map(r -> r.standing().player()).toList());
    assertEquals(List.of("p3"), around.below().stream().map(r -> r.standing().player()).toList());
    Leaderboard.Neighbourhood first =
        chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Around("p0", 2)).orElseThrow();
    assertEquals(List.of(), first.above());
    assertEquals(2, first.below().size());
    assertEquals(
        Optional.empty(), chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Around("zz", 2)));
    assertTrue(top.get(0).standing().rating() > top.get(1).standing().rating());
  }

  @Test
  void theFeedSurvivesARestartOfTheCluster() {
    finish("g1", "a", "b", GameStatus.WHITE_WINS);
    awaitApplied(1);
    chess.cluster.restart();
    finish("g2", "a", "b", GameStatus.WHITE_WINS);
    awaitApplied(2);
    assertEquals(2, top(10).get(0).standing().wins());
  }
}
