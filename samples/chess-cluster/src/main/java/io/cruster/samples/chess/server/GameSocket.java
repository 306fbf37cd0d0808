package io.cruster.samples.chess.server;

import io.cruster.samples.chess.ChessGame;
import io.cruster.samples.chess.GameEvent;
import io.cruster.sharding.EntityClient;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * {@code /api/v1/games/{id}/watch}: the game's events ({@code SNAPSHOT}, {@code MOVE}, {@code
 * DRAW_OFFERED}, {@code GAME_ENDED}, {@code CLOCK}) from {@link ChessGame.Watch}, subscribed again
 * after each stream ends (a fresh {@code SNAPSHOT} follows) until the game is over.
 */
final class GameSocket extends EventSocket {
  private static final Duration RETRY = Duration.ofMillis(300);
  private final EntityClient games;

  GameSocket(EntityClient games, ChessMetrics metrics) {
    super(metrics);
    this.games = games;
  }

  @Override
  void pump(WsSession session) {
    String id = idFromPath();
    Http.unwrap(games.call(id, new ChessGame.Get()));
    boolean over = false;
    while (isOpen() && !over) {
      try (Stream<GameEvent> stream = games.stream(id, new ChessGame.Watch())) {
        Iterator<GameEvent> it = stream.iterator();
        while (it.hasNext()) {
          GameEvent e = it.next();
          over = e.game().map(g -> g.status().isOver()).orElse(false);
          if (!send(session, Json.write(Json.gameEvent(e)))) {
            return;
          }
        }
      } catch (RuntimeException e) {
        pause(); // the runner hosting the game went away, or the shard moves: subscribe again
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
