package io.cruster.samples.chess;

import io.cruster.sharding.ChunkSink;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.RpcContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ChessGame.Watch} stream: a {@code SNAPSHOT}, then an event per change, read from the
 * committed state (through the entity's own client: a stream's context holds the state of its
 * start) whenever an activity signals a change, and a {@code CLOCK} tick once a second. A stream
 * lasts {@link #SPAN} at most (or until the game ends), so it never holds up a shard hand-over for
 * long; the caller subscribes again, receiving a fresh snapshot.
 */
final class GameWatch {
  /** How long one stream lasts at most. */
  static final Duration SPAN = Duration.ofSeconds(20);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final int COMMIT_RETRIES = 25;

  private GameWatch() {}

  static void run(RpcContext<GameState> ctx, ChessGame.Watch m, ChunkSink<GameEvent> out)
      throws InterruptedException {
    EntityClient self = ctx.self();
    String key = GameNotices.key(ctx.entityId());
    CompletableFuture<Void> change = Changes.next(key);
    Optional<GameView> first = read(self, ctx.entityId());
    if (first.isEmpty()) {
      return;
    }
    GameView last = first.get();
    out.emit(event(GameEvent.Type.SNAPSHOT, last, Optional.empty()));
    long end = System.nanoTime() + SPAN.toNanos();
    long nextTick = System.nanoTime() + TICK.toNanos();
    while (!last.status().isOver() && System.nanoTime() < end) {
      boolean signalled =
          Changes.await(change, Duration.ofNanos(Math.max(1, nextTick - System.nanoTime())));
      change = Changes.next(key);
      GameView now = read(self, ctx.entityId()).orElseThrow();
      for (int i = 0; signalled && unchanged(last, now) && i < COMMIT_RETRIES; i++) {
        Thread.sleep(20); // signalled before the commit: the change shows in a moment
        now = read(self, ctx.entityId()).orElseThrow();
      }
      emitChanges(last, now, out);
      last = now;
      if (System.nanoTime() >= nextTick && !now.status().isOver()) {
        out.emit(
            new GameEvent(
                GameEvent.Type.CLOCK, now.ply(), now.clock(), Optional.empty(), Optional.empty()));
        nextTick = System.nanoTime() + TICK.toNanos();
      }
    }
  }

  private static boolean unchanged(GameView before, GameView after) {
    return before.ply() == after.ply()
        && before.status() == after.status()
        && before.drawOffer().equals(after.drawOffer());
  }

  private static void emitChanges(GameView before, GameView after, ChunkSink<GameEvent> out) {
    for (int i = before.ply(); i < after.ply(); i++) {
      out.emit(event(GameEvent.Type.MOVE, after, Optional.of(after.moves().get(i))));
    }
    if (after.drawOffer().isPresent() && !after.drawOffer().equals(before.drawOffer())) {
      out.emit(event(GameEvent.Type.DRAW_OFFERED, after, Optional.empty()));
    }
    if (after.status().isOver() && !before.status().isOver()) {
      out.emit(event(GameEvent.Type.GAME_ENDED, after, Optional.empty()));
    }
  }

  private static GameEvent event(
      GameEvent.Type type, GameView game, Optional<GameView.MoveView> move) {
    return new GameEvent(type, game.ply(), game.clock(), move, Optional.of(game));
  }

  private static Optional<GameView> read(EntityClient self, String id) {
    return switch (self.call(id, new ChessGame.Get())) {
      case Reply.Ok<GameView> ok -> Optional.of(ok.value());
      case Reply.Refused<GameView> r -> Optional.empty();
    };
  }
}
