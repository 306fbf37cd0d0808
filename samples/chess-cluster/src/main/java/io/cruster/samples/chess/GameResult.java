package io.cruster.samples.chess;

/**
 * How a finished game ended, as the {@link Leaderboard} rates it. Immutable.
 *
 * @param gameId the game
 * @param white the white player's id
 * @param whiteName their username
 * @param black the black player's id
 * @param blackName their username
 * @param status the result ({@link GameStatus#ABORTED} games are not rated)
 * @param reason why it ended
 */
public record GameResult(
    String gameId,
    String white,
    String whiteName,
    String black,
    String blackName,
    GameStatus status,
    EndReason reason) {

  /** White's score: 1 for a win, 0.5 for a draw, 0 for a loss. */
  public double whiteScore() {
    return switch (status) {
      case WHITE_WINS -> 1.0;
      case BLACK_WINS -> 0.0;
      case DRAW, IN_PROGRESS, ABORTED -> 0.5;
    };
  }

  /** Whether the result changes ratings. */
  public boolean rated() {
    return status == GameStatus.WHITE_WINS
        || status == GameStatus.BLACK_WINS
        || status == GameStatus.DRAW;
  }
}
