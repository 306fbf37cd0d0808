package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import java.util.Optional;

/**
 * A notification kept by a {@link PlayerSession} and pushed to the player's event stream ({@link
 * PlayerSession.Events}). Immutable.
 *
 * @param seq its number in the player's stream, from 1
 * @param type what happened
 * @param gameId the game it is about
 * @param color the player's color in that game
 * @param opponent the opponent's username
 * @param move the move played, in SAN, for {@code MOVE}
 * @param status the game's status, for {@code GAME_ENDED}
 * @param reason why it ended, for {@code GAME_ENDED}
 * @param atMillis when it happened (epoch milliseconds)
 */
public record PlayerEvent(
    long seq,
    Type type,
    String gameId,
    Optional<Color> color,
    Optional<String> opponent,
    Optional<String> move,
    Optional<GameStatus> status,
    Optional<EndReason> reason,
    long atMillis) {

  /**
   * The kinds of player events; {@code KEEPALIVE} only keeps a quiet stream open and is never
   * stored.
   */
  public enum Type {
    MATCH_FOUND,
    GAME_STARTED,
    MOVE,
    DRAW_OFFERED,
    GAME_ENDED,
    KEEPALIVE
  }
}
