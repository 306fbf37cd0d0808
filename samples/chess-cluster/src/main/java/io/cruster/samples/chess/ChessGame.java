package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import io.cruster.samples.chess.rules.Move;
import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.StreamRpc;
import java.time.Instant;
import java.util.Optional;

/**
 * One game of chess, an entity per game id: moves in UCI (recorded in SAN, with the FEN after
 * each), turn and legality checks, clocks that run (the time used is deducted, the increment
 * added), draw offers, resignation, abort before both sides moved, and the automatic endings. When
 * a side's clock starts, a {@link FlagCheck} carrying the move number is scheduled with {@code
 * callAt} for the instant its flag would fall; if a move came first, the check finds a later move
 * number and is ignored. Composes {@link Auditable}: every accepted command is in the audit trail.
 *
 * <p>Players, the {@link GameDirectory} and watchers hear of each change: the two {@link
 * PlayerSession}s by a persisted {@link PlayerSession.Notice}, watchers through the {@link Watch}
 * stream.
 */
public final class ChessGame {
  private ChessGame() {}

  /** Creates the game; the same command again replies with the game, another one is refused. */
  @Public
  public record Create(
      String white, String whiteName, String black, String blackName, TimeControl timeControl)
      implements Activity<Reply<GameView>> {}

  /** Plays a move for {@code player}. */
  @Public
  public record MakeMove(String player, String uci) implements Activity<Reply<GameView>> {}

  /** {@code player} offers a draw; if the opponent offered one already, the game is drawn. */
  @Public
  public record OfferDraw(String player) implements Activity<Reply<GameView>> {}

  /** {@code player} accepts the opponent's standing draw offer. */
  @Public
  public record AcceptDraw(String player) implements Activity<Reply<GameView>> {}

  /** {@code player} resigns. */
  @Public
  public record Resign(String player) implements Activity<Reply<GameView>> {}

  /** {@code player} aborts the game, which is only possible before both sides have moved. */
  @Public
  public record Abort(String player) implements Activity<Reply<GameView>> {}

  /** The game now. */
  public record Get() implements Rpc<Reply<GameView>> {}

  /** Which process hosts the game now (see {@link Hosts}). */
  public record Host() implements Rpc<String> {}

  /**
   * Follows the game: {@code SNAPSHOT}, then each change, and the clocks once a second, for a
   * while.
   */
  public record Watch() implements StreamRpc<GameEvent> {}

  /**
   * The flag of the side to move falls now, if {@code ply} moves are still all that were played.
   */
  record FlagCheck(int ply) implements Activity<Boolean> {}

  public static final EntityType<GameState> TYPE =
      EntityType.define("ChessGame", GameState.class)
          .init(ctx -> GameState.empty(ctx.entityId()))
          .with(Auditable.TRAIT)
          .activity(Create.class, ChessGame::onCreate)
          .activity(MakeMove.class, ChessGame::onMakeMove)
          .activity(OfferDraw.class, ChessGame::onOfferDraw)
          .activity(AcceptDraw.class, ChessGame::onAcceptDraw)
          .activity(Resign.class, ChessGame::onResign)
          .activity(Abort.class, ChessGame::onAbort)
          .activity(FlagCheck.class, ChessGame::onFlagCheck)
          .rpc(Get.class, (ctx, m) -> view(ctx.state(), ctx.clock().millis()))
          .rpc(Host.class, (ctx, m) -> Hosts.current())
          .stream(Watch.class, GameWatch::run)
          .register(Reply.Ok.class, Reply.Refused.class, GameView.class)
          .build();

  private static Reply<GameView> view(GameState s, long now) {
    return s.created()
        ? Reply.ok(s.view(now))
        : Reply.refused(Refusal.NOT_FOUND, "no game " + s.id());
  }

  private static Reply<GameView> onCreate(ActivityContext<GameState> ctx, Create m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    if (s.created()) {
      boolean same =
          s.white().equals(m.white())
              && s.black().equals(m.black())
              && s.timeControl().equals(m.timeControl());
      return same
          ? Reply.ok(s.view(now))
          : Reply.refused(Refusal.ALREADY_EXISTS, "game " + s.id() + " exists with other players");
    }
    if (m.white().equals(m.black())) {
      return Reply.refused(Refusal.SAME_PLAYER, "a game needs two different players");
    }
    GameState next = GameState.start(ctx.entityId(), m, now);
    ctx.setState(next);
    Auditable.record(
        ctx,
        "system",
        "CREATE",
        m.whiteName() + " vs " + m.blackName() + ", " + m.timeControl().label());
    scheduleFlagCheck(ctx, next);
    GameNotices.started(ctx, next);
    return Reply.ok(next.view(now));
  }

  private static Reply<GameView> onMakeMove(ActivityContext<GameState> ctx, MakeMove m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    Optional<Reply<GameView>> refused = s.refuseUnlessPlaying(m.player());
    if (refused.isPresent()) {
      return refused.get();
    }
    if (s.colorOf(m.player()).orElseThrow() != s.turn()) {
      return Reply.refused(
          Refusal.NOT_YOUR_TURN, "it is " + s.turn() + "'s move in game " + s.id());
    }
    Optional<Move> move = Move.parse(m.uci());
    if (move.isEmpty()) {
      return Reply.refused(Refusal.BAD_MOVE, "not a UCI move (like e2e4 or e7e8q): " + m.uci());
    }
    if (s.remaining(s.turn(), now) <= 0) {
      finish(ctx, s.flagFell(now), "system", "TIMEOUT", s.turn() + " ran out of time");
      return Reply.refused(Refusal.GAME_OVER, s.turn() + " ran out of time in game " + s.id());
    }
    Optional<GameState> played = s.play(move.get(), now);
    if (played.isEmpty()) {
      return Reply.refused(Refusal.ILLEGAL_MOVE, m.uci() + " is not legal in " + s.fen());
    }
    GameState next = played.get();
    ctx.setState(next);
    GameView.MoveView mv = next.moves().get(next.moves().size() - 1);
    Auditable.record(ctx, m.player(), "MOVE", mv.uci() + " " + mv.san());
    GameNotices.moved(ctx, next, mv);
    if (next.status().isOver()) {
      GameNotices.ended(ctx, next);
      Auditable.record(ctx, "system", "END", next.status() + " " + next.reason().orElseThrow());
    } else {
      scheduleFlagCheck(ctx, next);
    }
    return Reply.ok(next.view(now));
  }

  private static Reply<GameView> onOfferDraw(ActivityContext<GameState> ctx, OfferDraw m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    Optional<Reply<GameView>> refused = s.refuseUnlessPlaying(m.player());
    if (refused.isPresent()) {
      return refused.get();
    }
    Color side = s.colorOf(m.player()).orElseThrow();
    if (s.drawOffer().equals(Optional.of(side.opponent()))) {
      return Reply.ok(
          finish(
                  ctx,
                  s.end(GameStatus.DRAW, EndReason.DRAW_AGREEMENT, now),
                  m.player(),
                  "DRAW_ACCEPT",
                  "offers a draw while one stands")
              .view(now));
    }
    if (s.drawOffer().isPresent()) {
      return Reply.ok(s.view(now));
    }
    GameState next = s.withDrawOffer(Optional.of(side));
    ctx.setState(next);
    Auditable.record(ctx, m.player(), "DRAW_OFFER", side.name());
    GameNotices.drawOffered(ctx, next, side);
    return Reply.ok(next.view(now));
  }

  private static Reply<GameView> onAcceptDraw(ActivityContext<GameState> ctx, AcceptDraw m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    Optional<Reply<GameView>> refused = s.refuseUnlessPlaying(m.player());
    if (refused.isPresent()) {
      return refused.get();
    }
    Color side = s.colorOf(m.player()).orElseThrow();
    if (!s.drawOffer().equals(Optional.of(side.opponent()))) {
      return Reply.refused(
          Refusal.NO_DRAW_OFFER, "no draw offer from " + side.opponent() + " stands");
    }
    GameState next = s.end(GameStatus.DRAW, EndReason.DRAW_AGREEMENT, now);
    return Reply.ok(finish(ctx, next, m.player(), "DRAW_ACCEPT", side.name()).view(now));
  }

  private static Reply<GameView> onResign(ActivityContext<GameState> ctx, Resign m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    Optional<Reply<GameView>> refused = s.refuseUnlessPlaying(m.player());
    if (refused.isPresent()) {
      return refused.get();
    }
    Color side = s.colorOf(m.player()).orElseThrow();
    GameStatus result = side == Color.WHITE ? GameStatus.BLACK_WINS : GameStatus.WHITE_WINS;
    return Reply.ok(
        finish(ctx, s.end(result, EndReason.RESIGNATION, now), m.player(), "RESIGN", side.name())
            .view(now));
  }

  private static Reply<GameView> onAbort(ActivityContext<GameState> ctx, Abort m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    Optional<Reply<GameView>> refused = s.refuseUnlessPlaying(m.player());
    if (refused.isPresent()) {
      return refused.get();
    }
    if (s.moves().size() >= 2) {
      return Reply.refused(
          Refusal.CANNOT_ABORT, "both sides have moved in game " + s.id() + ": resign instead");
    }
    GameState next = s.end(GameStatus.ABORTED, EndReason.ABORTED, now);
    return Reply.ok(
        finish(ctx, next, m.player(), "ABORT", s.colorOf(m.player()).orElseThrow().name())
            .view(now));
  }

  private static boolean onFlagCheck(ActivityContext<GameState> ctx, FlagCheck m) {
    GameState s = ctx.state();
    long now = ctx.clock().millis();
    if (!s.created() || s.status().isOver() || s.moves().size() != m.ply()) {
      return false; // stale: a move (or the end of the game) came first
    }
    if (s.remaining(s.turn(), now) > 0) {
      ctx.self()
          .callAt(ctx.entityId(), new FlagCheck(m.ply()), Instant.ofEpochMilli(s.flagFallsAt()));
      return false; // delivered early: look again when the flag falls
    }
    finish(ctx, s.flagFell(now), "system", "TIMEOUT", s.turn() + " ran out of time");
    return true;
  }

  /** Saves the ended game, audits the action and tells everyone. */
  private static GameState finish(
      ActivityContext<GameState> ctx, GameState ended, String actor, String action, String detail) {
    ctx.setState(ended);
    Auditable.record(ctx, actor, action, detail);
    Auditable.record(ctx, "system", "END", ended.status() + " " + ended.reason().orElseThrow());
    GameNotices.ended(ctx, ended);
    return ended;
  }

  private static void scheduleFlagCheck(ActivityContext<GameState> ctx, GameState s) {
    ctx.self()
        .callAt(
            ctx.entityId(), new FlagCheck(s.moves().size()), Instant.ofEpochMilli(s.flagFallsAt()));
  }
}
