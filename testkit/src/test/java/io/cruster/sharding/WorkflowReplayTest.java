package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.CrusterException;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowReplayTest {
  record Nothing() {}

  record Prepare(String id) implements Activity<String> {}

  record Finish(String id) implements Activity<String> {}

  record Flaky(String id) implements Activity<String> {}

  /** Prepare, sleep an hour, finish. */
  record Process(String id) implements Workflow<String> {}

  /** Prepare, then a step that fails on its first run only. */
  record ProcessFlaky(String id) implements Workflow<String> {}

  /** Calls a partner entity's activity that fails on its first run only. */
  record ProcessWithPartner(String partnerId) implements Workflow<String> {}

  @Public
  record PartnerFlaky() implements Activity<String> {}

  private static final Duration NAP = Duration.ofHours(1);

  private final AtomicInteger prepared = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger flakyRuns = new AtomicInteger();
  private final AtomicInteger starts = new AtomicInteger();

  private final AtomicInteger partnerRuns = new AtomicInteger();

  private final EntityType<Nothing> partner =
      EntityType.define("Partner", Nothing.class)
          .init(ctx -> new Nothing())
          .activity(
              PartnerFlaky.class,
              (ctx, m) -> {
                if (partnerRuns.incrementAndGet() == 1) {
                  throw new IllegalStateException("partner down");
                }
                return "partner ok";
              })
          .build();

  private final EntityType<Nothing> type =
      EntityType.define("Replayed", Nothing.class)
          .init(ctx -> new Nothing())
          .activity(Prepare.class, (ctx, m) -> "prepared " + prepared.incrementAndGet())
          .activity(Finish.class, (ctx, m) -> "finished " + finished.incrementAndGet())
          .activity(
              Flaky.class,
              (ctx, m) -> {
                if (flakyRuns.incrementAndGet() == 1) {
                  throw new IllegalStateException("first run fails");
                }
                return "flaky ok";
              })
          .workflow(
              Process.class,
              (ctx, m) -> {
                starts.incrementAndGet();
                String a = ctx.run(new Prepare(m.id()));
                ctx.sleep(NAP);
                String b = ctx.run(new Finish(m.id()));
                return a + ", " + b;
              })
          .workflow(
              ProcessFlaky.class,
              (ctx, m) -> {
                String a = ctx.run(new Prepare(m.id()));
                String b = ctx.run(new Flaky(m.id()));
                return a + ", " + b;
              })
          .workflow(
              ProcessWithPartner.class,
              (ctx, m) -> {
                String a = ctx.run(new Prepare(m.partnerId()));
                return a + ", " + ctx.client(partner).call(m.partnerId(), new PartnerFlaky());
              })
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);
  private final EntityClient partners = cluster.register(partner);

  @AfterEach
  void close() {
    cluster.close();
  }

  private static CallOptions key(String k) {
    return CallOptions.idempotencyKey(k);
  }

  @Test
  void activityIsNotRunAgainWhenWorkflowReplaysAfterCrash() {
    Instant wake = cluster.clock().now().plus(NAP);
    CompletableFuture<String> before = client.callAsync("p-1", new Process("o-1"), key("o-1"));
    Waiting.untilTimerAt(cluster, wake);
    assertEquals(1, prepared.get());

    cluster.restart();
    // The caller of the crashed node hears of it; the workflow itself is not lost.
    CompletionException crash = assertThrows(CompletionException.class, before::join);
    assertInstanceOf(CrusterException.class, crash.getCause());
    Waiting.until(() -> starts.get() == 2);

    cluster.clock().advance(NAP);
    assertEquals("prepared 1, finished 1", client.call("p-1", new Process("o-1"), key("o-1")));
    assertEquals(1, prepared.get());
    assertEquals(1, finished.get());
  }

  @Test
  void restartedExecutionSleepsOnlyWhatIsLeft() {
    Instant wake = cluster.clock().now().plus(NAP);
    client.callAsync("p-1", new Process("o-1"), key("o-1"));
    Waiting.untilTimerAt(cluster, wake);
    cluster.clock().advance(Duration.ofMinutes(40));

    cluster.restart();
    Waiting.until(() -> starts.get() == 2);
    CompletableFuture<String> after = client.callAsync("p-1", new Process("o-1"), key("o-1"));
    cluster.clock().advance(Duration.ofMinutes(19));
    Waiting.stays(() -> !after.isDone());
    assertEquals(0, finished.get());

    cluster.clock().advance(Duration.ofMinutes(1));
    Waiting.until(after::isDone);
    assertEquals("prepared 1, finished 1", after.join());
  }

  @Test
  void workflowRestartedTwiceStillRunsEachActivityOnce() {
    Instant wake = cluster.clock().now().plus(NAP);
    client.callAsync("p-1", new Process("o-1"), key("o-1"));
    Waiting.untilTimerAt(cluster, wake);
    cluster.restart();
    Waiting.until(() -> starts.get() == 2);
    cluster.restart();
    Waiting.until(() -> starts.get() == 3);
    cluster.clock().advance(NAP);
    assertEquals("prepared 1, finished 1", client.call("p-1", new Process("o-1"), key("o-1")));
    assertEquals(1, prepared.get());
    assertEquals(1, finished.get());
  }

  @Test
  void retryAfterFailedStepReplaysCompletedStepFromJournal() {
    CompletableFuture<String> reply = client.callAsync("f-1", new ProcessFlaky("o-1"));
    Waiting.until(() -> flakyRuns.get() == 1);
    assertFalse(reply.isDone());
    // The default policy waits 1 s, then 2 s, between attempts, on the cluster clock.
    Waiting.advanceUntil(cluster, Duration.ofSeconds(1), reply::isDone);
    assertEquals("prepared 1, flaky ok", reply.join());
    assertEquals(1, prepared.get());
    assertEquals(2, flakyRuns.get());
  }

  @Test
  void retryAfterFailedCallToAnotherEntityCallsItAgain() {
    CompletableFuture<String> reply = client.callAsync("f-1", new ProcessWithPartner("partner-1"));
    Waiting.until(() -> partnerRuns.get() == 1);
    Waiting.advanceUntil(cluster, Duration.ofSeconds(1), reply::isDone);
    assertEquals("prepared 1, partner ok", reply.join());
    assertEquals(1, prepared.get());
    assertEquals(2, partnerRuns.get());
  }
}
