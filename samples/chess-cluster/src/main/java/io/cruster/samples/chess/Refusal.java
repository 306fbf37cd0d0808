package io.cruster.samples.chess;

/**
 * Why a request was refused; a refused request changed nothing. Each code maps to one HTTP status,
 * for the API.
 */
public enum Refusal {
  /** The player or game does not exist. */
  NOT_FOUND(404),
  /** The player is not one of the game's two. */
  NOT_IN_GAME(403),
  /** It is the other side's move. */
  NOT_YOUR_TURN(409),
  /** The game has ended. */
  GAME_OVER(409),
  /** The move is not legal in this position. */
  ILLEGAL_MOVE(422),
  /** The move is not written in UCI ({@code e2e4}, {@code e7e8q}). */
  BAD_MOVE(400),
  /** There is no draw offer from the opponent to accept. */
  NO_DRAW_OFFER(409),
  /** Both sides have moved: resign instead. */
  CANNOT_ABORT(409),
  /** The entity exists already, with other data. */
  ALREADY_EXISTS(409),
  /** The username belongs to another player. */
  USERNAME_TAKEN(409),
  /** The player is queued already. */
  ALREADY_QUEUED(409),
  /** The player is not queued. */
  NOT_QUEUED(409),
  /** The player is playing a game and cannot queue. */
  ALREADY_IN_GAME(409),
  /** A game needs two different players. */
  SAME_PLAYER(400);

  private final int httpStatus;

  Refusal(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the API answers with. */
  public int httpStatus() {
    return httpStatus;
  }
}
