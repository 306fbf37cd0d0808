package io.cruster.samples.durability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ForkedJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A durable sleep belongs to its workflow execution, not to the process: killed during the sleep
 * and restarted, the workflow sleeps only what is left, or wakes at once when the sleep ended while
 * the process was down.
 */
@Tag("multi-process")
@Timeout(90)
class DurableSleepCrashIT extends CrashTest {
  static final Duration RUN = Duration.ofSeconds(60);

  /**
   * Clock readings of the app are taken a little before or after what they mark; scheduling adds a
   * little.
   */
  static final long SLACK_MILLIS = 50;

  /**
   * Waits until the sleep step is committed (its durable timer is in Cruster's table): SLEEPING is
   * printed just before, and a kill in between would rightly mean a sleep that never began.
   */
  private void awaitSleepJournaled(ForkedJvm app) {
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> db.number("SELECT count(*) FROM cruster_timers") == 1);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no durable timer in cruster_timers 10 s after SLEEPING" + app.transcript(), e);
    }
  }

  @Test
  void sleepKilledMidwayFiresOnceAfterTheRemainingTime() {
    ForkedJvm first = apps.start("sleep", "nap-1");
    long sleptAt = Long.parseLong(first.awaitLine("SLEEPING nap-1", RUN).word(2));
    awaitSleepJournaled(first);
    // Well into the sleep, so that sleeping a full NAP again after the restart would show.
    await()
        .atMost(RUN)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> System.currentTimeMillis() >= sleptAt + 1500);
    assertEquals(ForkedJvm.KILLED, first.kill(), first.transcript());
    long restartedAt = System.currentTimeMillis();
    ForkedJvm second = apps.start("sleep", "nap-1");
    // When the new JVM serves (its start-up takes longer on a busy machine).
    long servingAt = Long.parseLong(second.awaitLine("STARTED", RUN).word(2));
    second.awaitLine("RESULT nap-1", RUN);
    assertEquals(0, second.awaitExit(RUN), apps.transcripts());

    long wokeAt = Long.parseLong(second.awaitLine("WOKE nap-1", RUN).word(2));
    String context =
        "\nslept at "
            + sleptAt
            + ", killed and restarted at "
            + restartedAt
            + ", woke at "
            + wokeAt
            + " (+"
            + (wokeAt - sleptAt)
            + " ms)\nside_effects:"
            + sideEffects("nap-1")
            + apps.transcripts();
    assertTrue(
        wokeAt >= sleptAt + Job.NAP.toMillis() - SLACK_MILLIS,
        "woke no earlier than the sleep's end" + context);
    assertTrue(
        wokeAt < Math.max(restartedAt, servingAt) + Job.NAP.toMillis() - 500,
        "slept what was left of the sleep, not a whole new one from the restart" + context);
    assertEquals(
        1,
        apps.count("SLEEPING nap-1"),
        "the sleep began once (replayed after the restart)" + context);
    assertEquals(1, apps.count("WOKE nap-1"), "the sleep fired once" + context);
    assertEquals(Map.of(1, 1L, 2, 1L), stepCounts("nap-1"), "each activity once" + context);
    assertEquals(
        0, db.number("SELECT count(*) FROM cruster_timers"), "the fired timer is gone" + context);
  }

  @Test
  void sleepThatEndedWhileTheProcessWasDownFiresPromptlyOnRestart() {
    ForkedJvm first = apps.start("sleep", "nap-2");
    long sleptAt = Long.parseLong(first.awaitLine("SLEEPING nap-2", RUN).word(2));
    awaitSleepJournaled(first);
    assertEquals(ForkedJvm.KILLED, first.kill(), first.transcript());
    assertEquals(
        Map.of(1, 1L),
        stepCounts("nap-2"),
        "only the first activity ran before the kill" + sideEffects("nap-2") + first.transcript());
    // Down for longer than the sleep: 6 s after it began, on the wall clock the app also reads.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> System.currentTimeMillis() >= sleptAt + Job.NAP.toMillis() + 1000);

    ForkedJvm second = apps.start("sleep", "nap-2");
    long startedAt = Long.parseLong(second.awaitLine("STARTED", RUN).word(2));
    second.awaitLine("RESULT nap-2", RUN);
    assertEquals(0, second.awaitExit(RUN), apps.transcripts());

    long wokeAt = Long.parseLong(second.awaitLine("WOKE nap-2", RUN).word(2));
    String context =
        "\nslept at "
            + sleptAt
            + ", restarted runner serving at "
            + startedAt
            + ", woke at "
            + wokeAt
            + " ("
            + (wokeAt - startedAt)
            + " ms after serving)\nside_effects:"
            + sideEffects("nap-2")
            + apps.transcripts();
    assertTrue(wokeAt - startedAt < 1000, "woke promptly after the restart" + context);
    assertEquals(
        1,
        apps.count("SLEEPING nap-2"),
        "the sleep began once (replayed after the restart)" + context);
    assertEquals(1, apps.count("WOKE nap-2"), "the sleep fired once" + context);
    assertEquals(Map.of(1, 1L, 2, 1L), stepCounts("nap-2"), "each activity once" + context);
    assertEquals(
        0, db.number("SELECT count(*) FROM cruster_timers"), "the fired timer is gone" + context);
  }
}
