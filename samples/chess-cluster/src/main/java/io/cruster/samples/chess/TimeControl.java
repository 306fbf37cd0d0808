package io.cruster.samples.chess;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much time each player has: {@code initialSeconds} on the clock at the start, {@code
 * incrementSeconds} added after each of their moves. Written {@code "M+S"} (minutes + increment
 * seconds, {@code "5+3"}); the presets are {@code bullet} (1+0), {@code blitz} (5+3) and {@code
 * rapid} (15+10).
 *
 * @param initialSeconds seconds on each clock at the start, 1 to 10,800
 * @param incrementSeconds seconds added after each move, 0 to 180
 */
public record TimeControl(int initialSeconds, int incrementSeconds) {
  public static final TimeControl BULLET = new TimeControl(60, 0);
  public static final TimeControl BLITZ = new TimeControl(300, 3);
  public static final TimeControl RAPID = new TimeControl(900, 10);
  private static final Pattern MINUTES_PLUS_SECONDS = Pattern.compile("(\\d{1,3})\\+(\\d{1,3})");

  public TimeControl {
    if (initialSeconds < 1 || initialSeconds > 10_800) {
      throw new IllegalArgumentException(
          "initialSeconds must be 1 to 10800, was " + initialSeconds);
    }
    if (incrementSeconds < 0 || incrementSeconds > 180) {
      throw new IllegalArgumentException(
          "incrementSeconds must be 0 to 180, was " + incrementSeconds);
    }
  }

  /** Reads {@code "5+3"} or a preset name; empty if {@code text} is neither or out of range. */
  public static Optional<TimeControl> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "bullet" -> {
        return Optional.of(BULLET);
      }
      case "blitz" -> {
        return Optional.of(BLITZ);
      }
      case "rapid" -> {
        return Optional.of(RAPID);
      }
      default -> {
        Matcher m = MINUTES_PLUS_SECONDS.matcher(t);
        return m.matches()
            ? of(Integer.parseInt(m.group(1)) * 60, Integer.parseInt(m.group(2)))
            : Optional.empty();
      }
    }
  }

  /** A time control from seconds; empty if out of range. */
  public static Optional<TimeControl> of(long initialSeconds, long incrementSeconds) {
    if (initialSeconds < 1
        || initialSeconds > 10_800
        || incrementSeconds < 0
        || incrementSeconds > 180) {
      return Optional.empty();
    }
    return Optional.of(new TimeControl((int) initialSeconds, (int) incrementSeconds));
  }

  /**
   * {@code "M+S"} when the initial time is whole minutes, else {@code "Ns+S"}: the name of its
   * matchmaking queue.
   */
  public String label() {
    return initialSeconds % 60 == 0
        ? initialSeconds / 60 + "+" + incrementSeconds
        : initialSeconds + "s+" + incrementSeconds;
  }

  /** The initial time in milliseconds. */
  public long initialMillis() {
    return initialSeconds * 1000L;
  }

  /** The increment in milliseconds. */
  public long incrementMillis() {
    return incrementSeconds * 1000L;
  }

  @Override
  public String toString() {
    return label();
  }
}
