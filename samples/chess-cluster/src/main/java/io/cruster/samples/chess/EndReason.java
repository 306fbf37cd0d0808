package io.cruster.samples.chess;

/** Why a game ended. */
public enum EndReason {
  CHECKMATE,
  RESIGNATION,
  TIMEOUT,
  STALEMATE,
  INSUFFICIENT_MATERIAL,
  THREEFOLD_REPETITION,
  FIFTY_MOVE_RULE,
  DRAW_AGREEMENT,
  ABORTED
}
