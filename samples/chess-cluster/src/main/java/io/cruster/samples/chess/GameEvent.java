package io.cruster.samples.chess;

import java.util.Optional;

/**
 * What a watcher of a game is told ({@link ChessGame.Watch}): {@code SNAPSHOT} first, then {@code
 * MOVE}, {@code DRAW_OFFERED}, {@code GAME_ENDED} as they happen, and {@code CLOCK} about once a
 * second while the game runs. Immutable.
 *
 * @param type what happened
 * @param ply half-moves played when it happened
 * @param clock the clocks then
 * @param move the move, for {@code MOVE}
 * @param game the whole game, for every type but {@code CLOCK}
 */
public record GameEvent(
    Type type,
    int ply,
    GameView.ClockView clock,
    Optional<GameView.MoveView> move,
    Optional<GameView> game) {

  /** The kinds of game events. */
  public enum Type {
    SNAPSHOT,
    MOVE,
    DRAW_OFFERED,
    GAME_ENDED,
    CLOCK
  }
}
