package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import java.util.List;
import java.util.Optional;

/**
 * A game as clients see it at one instant: the running clock of the side to move is already charged
 * for the time it has used so far. Immutable.
 *
 * @param id the game's id
 * @param white the white player's id
 * @param black the black player's id
 * @param whiteName the white player's username
 * @param blackName the black player's username
 * @param timeControl its time control
 * @param fen the position now
 * @param turn the side to move
 * @param moves the moves played, in order
 * @param status where it stands
 * @param reason why it ended, once it has
 * @param clock the time each side has left
 * @param drawOffer the side whose draw offer stands, if any
 * @param legalMoves the legal moves now, in UCI (empty once the game is over)
 */
public record GameView(
    String id,
    String white,
    String black,
    String whiteName,
    String blackName,
    TimeControl timeControl,
    String fen,
    Color turn,
    List<MoveView> moves,
    GameStatus status,
    Optional<EndReason> reason,
    ClockView clock,
    Optional<Color> drawOffer,
    List<String> legalMoves) {

  /**
   * One move of a game.
   *
   * @param uci the move in UCI notation
   * @param san the move in standard algebraic notation
   * @param fen the position after it
   */
  public record MoveView(String uci, String san, String fen) {}

  /**
   * The clocks.
   *
   * @param whiteMs milliseconds White has left
   * @param blackMs milliseconds Black has left
   */
  public record ClockView(long whiteMs, long blackMs) {}

  /** The number of half-moves played. */
  public int ply() {
    return moves.size();
  }

  /** The color {@code player} plays in this game, if they play in it. */
  public Optional<Color> colorOf(String player) {
    if (white.equals(player)) {
      return Optional.of(Color.WHITE);
    }
    return black.equals(player) ? Optional.of(Color.BLACK) : Optional.empty();
  }
}
