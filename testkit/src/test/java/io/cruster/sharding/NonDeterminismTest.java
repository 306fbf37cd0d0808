package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NonDeterminismTest {
  record Nothing() {}

  record StepX() implements Activity<String> {}

  record StepY() implements Activity<String> {}

  record Finish() implements Activity<String> {}

  record Changing() implements Workflow<String> {}

  record Ping() implements Rpc<String> {}

  private static final Duration NAP = Duration.ofHours(1);

  /**
   * Which code version the workflow runs: true = step 1 is X (the old code), false = Y (the new
   * code).
   */
  private static final AtomicBoolean OLD_CODE = new AtomicBoolean(true);

  private final AtomicInteger xRuns = new AtomicInteger();
  private final AtomicInteger yRuns = new AtomicInteger();
  private final AtomicInteger finishRuns = new AtomicInteger();
  private final AtomicInteger starts = new AtomicInteger();

  private final EntityType<Nothing> type =
      EntityType.define("Evolving", Nothing.class)
          .init(ctx -> new Nothing())
          .activity(StepX.class, (ctx, m) -> "x" + xRuns.incrementAndGet())
          .activity(StepY.class, (ctx, m) -> "y" + yRuns.incrementAndGet())
          .activity(Finish.class, (ctx, m) -> "f" + finishRuns.incrementAndGet())
          .workflow(
              Changing.class,
              (ctx, m) -> {
                starts.incrementAndGet();
                String first = OLD_CODE.get() ? ctx.run(new StepX()) : ctx.run(new StepY());
                ctx.sleep(NAP);
                return first + ctx.run(new Finish());
              })
          .rpc(Ping.class, (ctx, m) -> "pong")
          .workflowRetry(RetryPolicy.attempts(3))
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);

  @AfterEach
  void close() {
    OLD_CODE.set(true);
    cluster.close();
  }

  @Test
  void changedStepUnderRunningWorkflowFailsWithNonDeterminism() {
    Instant wake = cluster.clock().now().plus(NAP);
    client.callAsync("e-1", new Changing(), CallOptions.idempotencyKey("run-1"));
    Waiting.untilTimerAt(cluster, wake);
    assertEquals(1, xRuns.get());

    // New code is deployed (the flag flips) and the node restarts: the replay finds Y where the
    // journal has X.
    OLD_CODE.set(false);
    cluster.restart();
    cluster.clock().advance(NAP);

    EntityException e =
        assertThrows(
            EntityException.class,
            () -> client.call("e-1", new Changing(), CallOptions.idempotencyKey("run-1")));
    assertEquals(NonDeterminismException.class.getName(), e.remoteType());
    assertTrue(e.remoteMessage().contains("step 1"), e.remoteMessage());
    assertTrue(
        e.remoteMessage().contains("StepX") && e.remoteMessage().contains("StepY"),
        e.remoteMessage());
    assertEquals(0, yRuns.get());
    assertEquals(0, finishRuns.get());
  }

  @Test
  void nonDeterminismIsNotRetried() {
    Instant wake = cluster.clock().now().plus(NAP);
    client.callAsync("e-1", new Changing(), CallOptions.idempotencyKey("run-1"));
    Waiting.untilTimerAt(cluster, wake);
    OLD_CODE.set(false);
    cluster.restart();
    Waiting.until(() -> starts.get() == 2);
    // Retrying a mismatch cannot help: no further attempt, even with 3 allowed and their backoff
    // elapsed.
    cluster.clock().advance(Duration.ofMinutes(5));
    Waiting.stays(() -> starts.get() == 2);
    assertEquals("pong", client.call("e-1", new Ping()));
  }

  @Test
  void unchangedCodeReplaysAndCompletesAfterRestart() {
    Instant wake = cluster.clock().now().plus(NAP);
    client.callAsync("e-1", new Changing(), CallOptions.idempotencyKey("run-1"));
    Waiting.untilTimerAt(cluster, wake);
    cluster.restart();
    Waiting.until(() -> starts.get() == 2);
    cluster.clock().advance(NAP);
    assertEquals("x1f1", client.call("e-1", new Changing(), CallOptions.idempotencyKey("run-1")));
    assertEquals(1, xRuns.get());
  }
}
