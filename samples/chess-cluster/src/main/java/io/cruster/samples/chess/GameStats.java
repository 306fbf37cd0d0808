package io.cruster.samples.chess;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the games hosted in this process did: started, finished (by status), moves.
 * Counted where the activity runs, so each runner reports the games it hosted; a retried activity
 * may count twice. Thread-safe.
 */
public final class GameStats {
  private static final LongAdder STARTED = new LongAdder();
  private static final LongAdder MOVES = new LongAdder();
  private static final Map<GameStatus, LongAdder> FINISHED = new EnumMap<>(GameStatus.class);

  static {
    for (GameStatus s : GameStatus.values()) {
      FINISHED.put(s, new LongAdder());
    }
  }

  private GameStats() {}

  static void started() {
    STARTED.increment();
  }

  static void moved() {
    MOVES.increment();
  }

  static void finished(GameStatus status) {
    FINISHED.get(status).increment();
  }

  /** Games started here. */
  public static long startedCount() {
    return STARTED.sum();
  }

  /** Moves played here. */
  public static long moveCount() {
    return MOVES.sum();
  }

  /** Games that ended here with {@code status}. */
  public static long finishedCount(GameStatus status) {
    return FINISHED.get(status).sum();
  }
}
