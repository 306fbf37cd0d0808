package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityClient;
import java.util.Optional;

/**
 * What a {@link ChessGame} tells others when it changes, from inside the activity that changed it:
 * the two players' sessions and the {@link GameDirectory} by persisted notifications (delivered at
 * least once, even if this runner dies now), watchers in this process by a {@link Changes} signal.
 */
final class GameNotices {
  private GameNotices() {}

  static void started(ActivityContext<GameState> ctx, GameState s) {
    GameStats.started();
    both(ctx, s, PlayerEvent.Type.GAME_STARTED, Optional.empty());
    ctx.client(GameDirectory.TYPE)
        .notify(
            GameDirectory.ID,
            new GameDirectory.GameCreated(
                new GameDirectory.Summary(
                    s.id(),
                    s.white(),
                    s.whiteName(),
                    s.black(),
                    s.blackName(),
                    s.timeControl().label(),
                    GameStatus.IN_PROGRESS,
                    Optional.empty(),
                    ctx.clock().millis())));
    Changes.signal(key(s.id()));
  }

  /**
   * A move is news for the player to move now (the mover made it): one notification, not two, per
   * move.
   */
  static void moved(ActivityContext<GameState> ctx, GameState s, GameView.MoveView move) {
    GameStats.moved();
    Color toMove = s.turn();
    ctx.client(PlayerSession.TYPE)
        .notify(
            s.playerOf(toMove),
            new PlayerSession.Notice(
                PlayerEvent.Type.MOVE,
                s.id(),
                toMove,
                s.nameOf(toMove.opponent()),
                Optional.of(move.san()),
                Optional.empty(),
                Optional.empty()));
    Changes.signal(key(s.id()));
  }

  static void drawOffered(ActivityContext<GameState> ctx, GameState s, Color by) {
    both(ctx, s, PlayerEvent.Type.DRAW_OFFERED, Optional.of(by.name()));
    Changes.signal(key(s.id()));
  }

  static void ended(ActivityContext<GameState> ctx, GameState s) {
    GameStats.finished(s.status());
    both(ctx, s, PlayerEvent.Type.GAME_ENDED, Optional.empty());
    ctx.client(GameDirectory.TYPE)
        .notify(
            GameDirectory.ID,
            new GameDirectory.GameFinished(
                new GameResult(
                    s.id(),
                    s.white(),
                    s.whiteName(),
                    s.black(),
                    s.blackName(),
                    s.status(),
                    s.reason().orElseThrow())));
    Changes.signal(key(s.id()));
  }

  static String key(String gameId) {
    return "ChessGame/" + gameId;
  }

  private static void both(
      ActivityContext<GameState> ctx, GameState s, PlayerEvent.Type type, Optional<String> move) {
    EntityClient sessions = ctx.client(PlayerSession.TYPE);
    for (Color c : Color.values()) {
      Optional<GameStatus> status =
          type == PlayerEvent.Type.GAME_ENDED ? Optional.of(s.status()) : Optional.empty();
      sessions.notify(
          s.playerOf(c),
          new PlayerSession.Notice(
              type, s.id(), c, s.nameOf(c.opponent()), move, status, s.reason()));
    }
  }
}
