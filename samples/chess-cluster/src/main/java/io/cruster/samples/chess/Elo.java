package io.cruster.samples.chess;

/** Elo ratings: K = {@value #K}, everybody starts at {@value #INITIAL}. */
public final class Elo {
  public static final int K = 32;
  public static final int INITIAL = 1200;

  private Elo() {}

  /** The score {@code rating} is expected to make against {@code opponent} (0 to 1). */
  public static double expected(int rating, int opponent) {
    return 1.0 / (1.0 + Math.pow(10, (opponent - rating) / 400.0));
  }

  /**
   * The rating after scoring {@code score} (1, 0.5 or 0) against {@code opponent}, rounded to a
   * whole point.
   */
  public static int next(int rating, int opponent, double score) {
    return (int) Math.round(rating + K * (score - expected(rating, opponent)));
  }
}
