package io.cruster.samples.durability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.testkit.ForkedJvm;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Persisted notifies survive kills of the sender and processor: re-sent after each restart, each
 * number is processed exactly once (its message is idempotent by number), none lost.
 */
@Tag("multi-process")
class NotifyCrashIT extends CrashTest {
  static final int COUNT = 10_000;
  static final Duration RUN = Duration.ofSeconds(60);

  /** The last run re-sends everything and waits for the processing of what is left. */
  static final Duration LAST_RUN = Duration.ofMinutes(3);

  @Test
  @Timeout(300)
  void tenThousandNotifiesKilledTwiceAreEachProcessedExactlyOnce() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    StringBuilder story =
        new StringBuilder("seed " + seed + " (new Random(seed) replays the kill points)");

    // First kill: while sending, once a random number of thousands were saved.
    int sentBeforeKill = 1000 * (1 + random.nextInt(8));
    ForkedJvm first = apps.start("notify", String.valueOf(COUNT));
    first.awaitLine("SENT " + sentBeforeKill, RUN);
    assertEquals(ForkedJvm.KILLED, first.kill(), story + first.transcript());
    story
        .append("\nkilled app-1 after SENT ")
        .append(sentBeforeKill)
        .append(": ")
        .append(processed());

    // Second kill: a random moment after the restart serves, while it re-sends or while it
    // processes.
    ForkedJvm second = apps.start("notify", String.valueOf(COUNT));
    long started = second.awaitLine("STARTED", RUN).readAtNanos();
    long delayMillis = random.nextInt(3001);
    await()
        .atMost(RUN)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () ->
                System.nanoTime() - started >= Duration.ofMillis(delayMillis).toNanos()
                    || !second.isAlive());
    int status = second.kill();
    story
        .append("\nkilled app-2 ")
        .append(delayMillis)
        .append(" ms after STARTED (exit ")
        .append(status)
        .append(", last event ")
        .append(lastEvent(second))
        .append("): ")
        .append(processed());

    ForkedJvm last = apps.start("notify", String.valueOf(COUNT));
    last.awaitLine("DONE", LAST_RUN);
    assertEquals(0, last.awaitExit(RUN), story + apps.transcripts());
    story.append("\napp-3 done: ").append(processed());

    List<Object> totals =
        db.query("SELECT count(*), count(DISTINCT n), min(n), max(n) FROM processed").get(0);
    String context =
        "\n"
            + story
            + "\nnumbers processed more than once: "
            + db.query(
                "SELECT n, count(*) FROM processed GROUP BY n HAVING count(*) > 1 ORDER BY n LIMIT 20")
            + apps.transcripts();
    assertEquals(
        List.of(COUNT, COUNT, 0, COUNT - 1),
        totals.stream().map(v -> ((Number) v).intValue()).toList(),
        "[rows, distinct numbers, min, max] of processed" + context);
    System.out.println(story);
  }

  private String processed() {
    List<Object> row = db.query("SELECT count(*), count(DISTINCT n) FROM processed").get(0);
    return row.get(0) + " rows, " + row.get(1) + " distinct in processed";
  }

  private static String lastEvent(ForkedJvm app) {
    List<ForkedJvm.Line> lines = app.lines();
    return lines.isEmpty() ? "(none)" : lines.get(lines.size() - 1).text();
  }
}
