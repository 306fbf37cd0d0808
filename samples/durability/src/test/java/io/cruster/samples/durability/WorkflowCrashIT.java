package io.cruster.samples.durability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.testkit.ForkedJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workflow whose process is killed with {@code kill -9} goes on after a restart, each activity
 * run once.
 */
@Tag("multi-process")
class WorkflowCrashIT extends CrashTest {
  /**
   * Whole application runs, JVM start included, stay well under this on a loaded 2-core machine.
   */
  static final Duration RUN = Duration.ofSeconds(60);

  static final Map<Integer, Long> EACH_STEP_ONCE = Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L);

  @Test
  @Timeout(120)
  void workflowKilledAfterItsSecondStepCompletesOnRestartRunningEveryStepOnce() {
    ForkedJvm first = apps.start("workflow", "job-1");
    first.awaitLine("STEP job-1 2", RUN);
    assertEquals(ForkedJvm.KILLED, first.kill(), first.transcript());
    assertEquals(
        Map.of(1, 1L, 2, 1L),
        steps12(stepCounts("job-1")),
        "steps 1-2 committed once before the kill" + sideEffects("job-1") + apps.transcripts());

    ForkedJvm second = apps.start("workflow", "job-1");
    second.awaitLine("RESULT job-1", RUN);
    assertEquals(0, second.awaitExit(RUN), apps.transcripts());

    String context = "\nside_effects of job-1:" + sideEffects("job-1") + apps.transcripts();
    assertEquals(EACH_STEP_ONCE, stepCounts("job-1"), "every step once" + context);
    assertEquals(
        1,
        db.number(
            "SELECT count(DISTINCT execution_id) FROM side_effects WHERE entity_id = 'job-1'"),
        "one execution" + context);
  }

  @Test
  @Timeout(300)
  void workflowsKilledAtRandomMomentsRunEveryStepExactlyOnce() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int runs = 20;
    int maxKillsPerRun = 2;
    List<String> history = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      String id = "random-" + run;
      List<ForkedJvm> runApps = new ArrayList<>();
      StringBuilder story = new StringBuilder(id + ":");
      for (int kills = 0; ; kills++) {
        ForkedJvm app = apps.start("workflow", id);
        runApps.add(app);
        ForkedJvm.Line started = app.awaitLine("STARTED", RUN);
        if (kills == maxKillsPerRun) {
          app.awaitLine("RESULT " + id, RUN);
          assertEquals(0, app.awaitExit(RUN), "seed " + seed + transcripts(runApps));
          story.append(" finished");
          break;
        }
        long delayMillis = random.nextInt(401);
        long killAt = started.readAtNanos() + Duration.ofMillis(delayMillis).toNanos();
        await()
            .atMost(RUN)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(2))
            .until(() -> System.nanoTime() >= killAt || !app.isAlive());
        int status = app.kill();
        story.append(" kill@").append(delayMillis).append("ms");
        story.append(
            app.all("STEP " + id).stream().map(l -> "/s" + l.word(2)).reduce("", String::concat));
        if (app.printed("RESULT " + id)) {
          story.append("/RESULT");
          break;
        }
        assertEquals(
            ForkedJvm.KILLED, status, "seed " + seed + ", " + story + transcripts(runApps));
      }
      history.add(story.toString());
      String context =
          "\nseed "
              + seed
              + " (new Random(seed) replays the kill delays), run "
              + run
              + "\nhistory:\n  "
              + String.join("\n  ", history)
              + "\nside_effects of "
              + id
              + ":"
              + sideEffects(id);
      assertEquals(
          EACH_STEP_ONCE,
          stepCounts(id),
          "every step of " + id + " exactly once" + context + transcripts(runApps));
      assertEquals(
          1,
          db.number(
              "SELECT count(DISTINCT execution_id) FROM side_effects WHERE entity_id = ?", id),
          "one execution" + context + transcripts(runApps));
    }
    System.out.println("seed " + seed + "\n  " + String.join("\n  ", history));
  }

  private static String transcripts(List<ForkedJvm> runs) {
    StringBuilder t = new StringBuilder();
    runs.forEach(app -> t.append(app.transcript()));
    return t.toString();
  }

  private static Map<Integer, Long> steps12(Map<Integer, Long> counts) {
    return Map.of(1, counts.getOrDefault(1, 0L), 2, counts.getOrDefault(2, 0L));
  }
}
