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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions (registration, presence, events) and matchmaking on a TestCluster. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionAndMatchmakingTest {
  private final ChessFixture chess = new ChessFixture();

  @AfterEach
  void close() {
    chess.close();
  }

  private PlayerView player(String id) {
    return chess.sessions.call(id, new PlayerSession.Get()).orElseThrow();
  }

  private PlayerSession.QueueResult queue(String id, TimeControl tc) {
    return chess.sessions.call(id, new PlayerSession.JoinQueue(tc)).orElseThrow();
  }

  @Test
  void aRegisteredPlayerIsOnlineWithNoGame() {
    PlayerView ada = chess.register("p1", "ada");
    assertEquals(
        new PlayerView("p1", "ada", PlayerStatus.ONLINE, Optional.empty(), Optional.empty()), ada);
    assertEquals(ada, player("p1"));
    assertEquals(ada, chess.register("p1", "ada"), "registering again changes nothing");
  }

  @Test
  void aUsernameBelongsToOnePlayer() {
    chess.register("p1", "ada");
    refused(chess.sessions.call("p2", new PlayerSession.Register("ADA")), Refusal.USERNAME_TAKEN);
    refused(chess.sessions.call("p1", new PlayerSession.Register("bob")), Refusal.ALREADY_EXISTS);
    refused(chess.sessions.call("p2", new PlayerSession.Get()), Refusal.NOT_FOUND);
    assertEquals("ada", player("p1").username());
  }

  @Test
  void withoutHeartbeatsAPlayerGoesOfflineAndHeartbeatsKeepThemOnline() {
    chess.register("p1", "ada");
    chess.register("p2", "bob");
    for (int i = 0; i < 4; i++) {
      chess.advance(Duration.ofSeconds(10));
      chess.sessions.call("p2", new PlayerSession.Heartbeat()).orElseThrow();
    }
    assertEquals(PlayerStatus.OFFLINE, player("p1").status());
    assertEquals(PlayerStatus.ONLINE, player("p2").status());
    chess.sessions.call("p1", new PlayerSession.Reconnect()).orElseThrow();
    assertEquals(PlayerStatus.ONLINE, player("p1").status());
  }

  @Test
  void aPlayerWhoGoesOfflineLeavesTheQueue() {
    chess.register("p1", "ada");
    queue("p1", TimeControl.BLITZ);
    assertEquals(PlayerStatus.IN_QUEUE, player("p1").status());
    chess.advance(PlayerSession.PRESENCE_TTL.plusSeconds(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> chess.queues.call("5+3", new Matchmaking.Waiting()).isEmpty());
    assertEquals(PlayerStatus.OFFLINE, player("p1").status());
    assertEquals(Optional.empty(), player("p1").queue());
  }

  @Test
  void disconnectingLeavesTheQueueAndReconnectingComesBack() {
    chess.register("p1", "ada");
    queue("p1", TimeControl.BLITZ);
    assertEquals(
        PlayerStatus.OFFLINE,
        chess.sessions.call("p1", new PlayerSession.Disconnect()).orElseThrow().status());
    assertEquals(List.of(), chess.queues.call("5+3", new Matchmaking.Waiting()));
    assertEquals(
        PlayerStatus.ONLINE,
        chess.sessions.call("p1", new PlayerSession.Reconnect()).orElseThrow().status());
  }

  @Test
  void twoPlayersOfOneTimeControlAreMatchedAndTheLongerWaitingOneGetsWhite() {
    chess.register("p1", "ada");
    chess.register("p2", "bob");
    chess.register("p3", "cy");
    PlayerSession.QueueResult first = queue("p1", TimeControl.BLITZ);
    assertEquals(
        new PlayerSession.QueueResult(false, 1, Optional.empty(), Optional.empty()), first);
    assertEquals(
        1, queue("p3", TimeControl.BULLET).position(), "another time control, another queue");
    chess.advance(Duration.ofSeconds(5));
    PlayerSession.QueueResult second = queue("p2", TimeControl.BLITZ);
    assertTrue(second.matched());
    assertEquals(Optional.of(Color.BLACK), second.color());
    String gameId = second.gameId().orElseThrow();
    GameView game = chess.game(gameId);
    assertEquals("p1", game.white());
    assertEquals("p2", game.black());
    assertEquals(TimeControl.BLITZ, game.timeControl());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> player("p1").currentGame().equals(Optional.of(gameId)));
    assertEquals(PlayerStatus.IN_GAME, player("p1").status());
    assertEquals(PlayerStatus.IN_GAME, player("p2").status());
    assertEquals(List.of(), chess.queues.call("5+3", new Matchmaking.Waiting()));
    refused(
        chess.sessions.call("p1", new PlayerSession.JoinQueue(TimeControl.BLITZ)),
        Refusal.ALREADY_IN_GAME);
  }

  @Test
  void queueingTwiceIsRefusedAndLeavingTwiceToo() {
    chess.register("p1", "ada");
    queue("p1", TimeControl.BLITZ);
    refused(
        chess.sessions.call("p1", new PlayerSession.JoinQueue(TimeControl.RAPID)),
        Refusal.ALREADY_QUEUED);
    chess.sessions.call("p1", new PlayerSession.LeaveQueue()).orElseThrow();
    refused(chess.sessions.call("p1", new PlayerSession.LeaveQueue()), Refusal.NOT_QUEUED);
    refused(
        chess.sessions.call("nobody", new PlayerSession.JoinQueue(TimeControl.BLITZ)),
        Refusal.NOT_FOUND);
  }

  @Test
  void playersFarApartInRatingWaitUntilTheirWindowsMeet() {
    assertEquals(200, Matchmaking.window(0, 9_999));
    assertEquals(300, Matchmaking.window(0, 10_000));
    assertEquals(1000, Matchmaking.window(0, 3_600_000));
    chess.register("p1", "ada");
    chess.register("p2", "bob");
    chess.register("p3", "cy");
    winGames("p1", "p3", "ada", 12); // ada climbs to 1324
    winGames("p3", "p2", "cy", 12); // bob falls below 1100
    int gap =
        chess.leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf("p1"))
            - (int) chess.leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf("p2"));
    assertTrue(
        gap > Matchmaking.BASE_WINDOW && gap < Matchmaking.BASE_WINDOW + Matchmaking.WIDENING,
        "gap " + gap);
    queue("p1", TimeControl.RAPID);
    assertEquals(
        2, queue("p2", TimeControl.RAPID).position(), "bob at 1200 is outside ada's window");
    chess.advance(Matchmaking.WIDENING_EVERY.plusSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> player("p2").currentGame().isPresent());
    GameView game = chess.game(player("p2").currentGame().get());
    assertEquals("p1", game.white(), "ada waited longer");
  }

  /**
   * {@code winner} beats {@code loser} {@code n} times by resignation, and the leaderboard takes it
   * in.
   */
  private void winGames(String winner, String loser, String prefix, int n) {
    long before = chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Applied());
    for (int i = 0; i < n; i++) {
      chess.create(prefix + i, winner, loser, TimeControl.BLITZ);
      chess.games.call(prefix + i, new ChessGame.Resign(loser)).orElseThrow();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              chess.advance(LeaderboardFeed.IDLE); // wakes the leaderboard singleton
              return chess.leaderboard.call(Leaderboard.ID, new Leaderboard.Applied())
                  == before + n;
            });
  }

  @Test
  void thePlayersEventStreamCarriesMatchesAndGameEvents() {
    chess.register("p1", "ada");
    chess.register("p2", "bob");
    queue("p1", TimeControl.BLITZ);
    String game = queue("p2", TimeControl.BLITZ).gameId().orElseThrow();
    chess.play(game, "e2e4", "e7e5"); // a move is news for the player to move: p1 hears of e5
    chess.games.call(game, new ChessGame.Resign("p2")).orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> player("p1").currentGame().isEmpty());
    List<PlayerEvent> events;
    try (Stream<PlayerEvent> stream = chess.sessions.stream("p1", new PlayerSession.Events(0))) {
      events = stream.filter(e -> e.type() != PlayerEvent.Type.KEEPALIVE).limit(4).toList();
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(PlayerEvent::seq).toList());
    assertEquals(
        List.of(
            PlayerEvent.Type.MATCH_FOUND,
            PlayerEvent.Type.GAME_STARTED,
            PlayerEvent.Type.MOVE,
            PlayerEvent.Type.GAME_ENDED),
        events.stream().map(PlayerEvent::type).sorted().toList());
    assertEquals(
        Optional.of("e5"),
        events.stream()
            .filter(e -> e.type() == PlayerEvent.Type.MOVE)
            .findFirst()
            .orElseThrow()
            .move());
    try (Stream<PlayerEvent> stream = chess.sessions.stream("p1", new PlayerSession.Events(3))) {
      PlayerEvent ended =
          stream.filter(e -> e.type() == PlayerEvent.Type.GAME_ENDED).findFirst().orElseThrow();
      assertEquals(Optional.of(GameStatus.WHITE_WINS), ended.status());
      assertEquals(Optional.of(EndReason.RESIGNATION), ended.reason());
      assertEquals(Optional.of(Color.WHITE), ended.color());
      assertEquals(Optional.of("bob"), ended.opponent());
    }
  }
}
