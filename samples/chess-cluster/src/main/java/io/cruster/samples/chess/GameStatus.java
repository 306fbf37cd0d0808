package io.cruster.samples.chess;

/** Where a game stands. */
public enum GameStatus {
  IN_PROGRESS,
  WHITE_WINS,
  BLACK_WINS,
  DRAW,
  ABORTED;

  /** Whether the game has ended. */
  public boolean isOver() {
    return this != IN_PROGRESS;
  }
}
