package io.cruster.samples.chess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.cruster.sharding.EntityClient;
import io.cruster.testkit.TestCluster;
import java.time.Duration;

/** A TestCluster with the chess application installed, and shortcuts for the tests. */
final class ChessFixture implements AutoCloseable {
  final TestCluster cluster = TestCluster.create();
  final EntityClient sessions;
  final EntityClient games;
  final EntityClient queues;
  final EntityClient leaderboard;
  final EntityClient directory;

  ChessFixture() {
    ChessApp.install(cluster);
    sessions = cluster.client(PlayerSession.TYPE);
    games = cluster.client(ChessGame.TYPE);
    queues = cluster.client(Matchmaking.TYPE);
    leaderboard = cluster.client(Leaderboard.TYPE);
    directory = cluster.client(GameDirectory.TYPE);
  }

  PlayerView register(String id, String name) {
    return sessions.call(id, new PlayerSession.Register(name)).orElseThrow();
  }

  GameView create(String id, String white, String black, TimeControl tc) {
    return games
        .call(id, new ChessGame.Create(white, white + "-name", black, black + "-name", tc))
        .orElseThrow();
  }

  GameView game(String id) {
    return games.call(id, new ChessGame.Get()).orElseThrow();
  }

  /** Plays moves alternately for white and black, starting with whoever is to move. */
  GameView play(String game, String... ucis) {
    GameView g = game(game);
    for (String uci : ucis) {
      String player =
          g.turn() == io.cruster.samples.chess.rules.Color.WHITE ? g.white() : g.black();
      g = games.call(game, new ChessGame.MakeMove(player, uci)).orElseThrow();
    }
    return g;
  }

  static <T> Reply.Refused<T> refused(Reply<T> reply, Refusal code) {
    if (reply instanceof Reply.Refused<T> r) {
      assertEquals(code, r.code(), r.message());
      return r;
    }
    return fail("expected a refusal " + code + ", got " + reply);
  }

  void advance(Duration d) {
    cluster.clock().advance(d);
  }

  @Override
  public void close() {
    cluster.close();
  }
}
