package io.cruster.sharding.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque page cursor of a workflow listing: where the last execution of a page stands in the
 * newest-first order (its start, to the microsecond, and its id), as URL-safe base64 of {@code
 * v1|<epoch micros>|<execution id>}. Stateless.
 */
public final class ExecutionCursor {
  private static final String VERSION = "v1";

  private ExecutionCursor() {}

  /** A place in the listing order. */
  public record Position(Instant startedAt, String executionId) {}

  public static String encode(Instant startedAt, String executionId) {
    long micros =
        Math.addExact(
            Math.multiplyExact(startedAt.getEpochSecond(), 1_000_000L), startedAt.getNano() / 1000);
    String text = VERSION + "|" + micros + "|" + executionId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor names.
   *
   * @throws IllegalArgumentException when {@code cursor} is not one of {@link #encode}
   */
  public static Position decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split("\\|", 3);
      if (parts.length != 3 || !parts[0].equals(VERSION) || parts[2].isBlank()) {
        throw new IllegalArgumentException("bad shape");
      }
      long micros = Long.parseLong(parts[1]);
      return new Position(
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
          parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "["
              + cursor
              + "] is not a workflow listing cursor (take it from WorkflowExecution.cursor())",
          e);
    }
  }
}
