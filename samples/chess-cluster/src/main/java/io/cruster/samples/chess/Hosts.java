package io.cruster.samples.chess;

/**
 * The name of this process, as {@link ChessGame.Host} reports where a game lives: set once at
 * start-up by the server ({@code runner-2 pid 1234}), {@code local} until then. Thread-safe.
 */
public final class Hosts {
  private static volatile String current = "local";

  private Hosts() {}

  /** Names this process. */
  public static void name(String name) {
    current = name;
  }

  /** This process's name. */
  public static String current() {
    return current;
  }
}
