package io.cruster.samples.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.testkit.ForkedJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deferred resolved while the awaiting workflow's process is down wakes the workflow after its
 * restart.
 */
@Tag("multi-process")
@Timeout(90)
class DeferredCrashIT extends CrashTest {
  static final Duration RUN = Duration.ofSeconds(60);

  @Test
  void deferredResolvedWhileTheWorkflowIsDownIsSeenAfterRestart() {
    ForkedJvm waiting = apps.start("await", "ticket-1");
    waiting.awaitLine("STEP ticket-1 1", RUN);
    assertEquals(ForkedJvm.KILLED, waiting.kill(), waiting.transcript());

    ForkedJvm resolver = apps.start("resolve", "ticket-1");
    resolver.awaitLine("RESOLVED ticket-1", RUN);
    assertEquals(0, resolver.awaitExit(RUN), apps.transcripts());
    assertEquals(
        "true",
        resolver.first("RESOLVED ticket-1").orElseThrow().word(2),
        "the first resolve of the slot wins" + apps.transcripts());

    ForkedJvm restarted = apps.start("await", "ticket-1");
    restarted.awaitLine("RESULT ticket-1", RUN);
    assertEquals(0, restarted.awaitExit(RUN), apps.transcripts());

    String context = "\nside_effects:" + sideEffects("ticket-1") + apps.transcripts();
    assertEquals(
        "AWAITED ticket-1 true",
        apps.first("AWAITED ticket-1").map(ForkedJvm.Line::text).orElse("(none)"),
        "the workflow saw the value" + context);
    assertEquals(Map.of(1, 1L, 2, 1L), stepCounts("ticket-1"), "each activity once" + context);
    assertEquals(
        1,
        db.number(
            "SELECT count(DISTINCT execution_id) FROM side_effects WHERE entity_id = 'ticket-1'"),
        "one execution" + context);
  }
}
