package io.cruster.sharding.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.StepOptions;
import io.cruster.sharding.StepTimeoutException;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ctx.run(activity, StepOptions.timeout(d).retry(policy))}. */
@Timeout(60)
class StepOptionsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  record Count(int n) {}

  /** Runs Slow with a timeout of a minute; replies what happened. */
  record TimedOut() implements Workflow<String> {}

  /** Runs Flaky with up to three attempts. */
  record Retried(int failures) implements Workflow<String> {}

  /** Runs Flaky with one attempt and no options. */
  record Plain(int failures) implements Workflow<String> {}

  record Slow() implements Activity<String> {}

  record Flaky(int failures) implements Activity<String> {}

  record Read() implements Rpc<Integer> {}

  @io.cruster.sharding.Public
  record Bump() implements Activity<Integer> {}

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger slowRuns = new AtomicInteger();
  private final AtomicInteger flakyRuns = new AtomicInteger();

  private static final RetryPolicy THREE =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1));

  private final EntityType<Count> type =
      EntityType.define("Stepper", Count.class)
          .init(ctx -> new Count(0))
          .workflowRetry(RetryPolicy.none())
          .activity(
              Slow.class,
              (ctx, m) -> {
                slowRuns.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                ctx.setState(new Count(ctx.state().n() + 1));
                return "slow done";
              })
          .activity(
              Flaky.class,
              (ctx, m) -> {
                if (flakyRuns.incrementAndGet() <= m.failures()) {
                  throw new IllegalStateException("flaky " + flakyRuns.get());
                }
                ctx.setState(new Count(ctx.state().n() + 1));
                return "flaky done";
              })
          .rpc(Read.class, (ctx, m) -> ctx.state().n())
          .activity(
              Bump.class,
              (ctx, m) -> {
                ctx.setState(new Count(ctx.state().n() + 1));
                return ctx.state().n();
              })
          .workflow(
              TimedOut.class,
              (ctx, m) -> {
                try {
                  return ctx.run(new Slow(), StepOptions.timeout(Duration.ofMinutes(1)));
                } catch (StepTimeoutException e) {
                  return "timed out";
                }
              })
          .workflow(
              Retried.class,
              (ctx, m) -> ctx.run(new Flaky(m.failures()), StepOptions.none().retry(THREE)))
          .workflow(Plain.class, (ctx, m) -> ctx.run(new Flaky(m.failures())))
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client = cluster.register(type);

  @AfterEach
  void close() {
    release.countDown();
    cluster.close();
  }

  private List<JournalEntry> journal(WorkflowHandle<?> h) {
    return cluster.storage().journal().entries(h.executionId());
  }

  /** Advances the clock a second at a time until {@code h} ends, and returns its reply. */
  private <R> R joinAdvancing(WorkflowHandle<R> h) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (h.status().isFinished()) {
                return true;
              }
              cluster.clock().advance(Duration.ofSeconds(1));
              return h.status().isFinished();
            });
    return h.join(PATIENCE);
  }

  @Test
  void aStepThatOutlivesItsTimeoutFailsWithStepTimeoutAndCommitsNothing() {
    WorkflowHandle<String> h = client.start("s-1", new TimedOut());
    await().atMost(PATIENCE).until(() -> slowRuns.get() == 1);

    cluster.clock().advance(Duration.ofMinutes(1));

    assertEquals("timed out", h.join(PATIENCE));
    List<JournalEntry> journal = journal(h);
    assertEquals(1, journal.size());
    assertTrue(journal.get(0).failed());
    release.countDown(); // the activity finishes after its deadline: its state change is dropped
    // Activities run one at a time: this one runs after the late one has finished.
    assertEquals(1, client.call("s-1", new Bump()));
    assertEquals(1, client.call("s-1", new Read()));
  }

  @Test
  void aFailingStepIsRetriedPerItsPolicyAndJournaledOnce() {
    WorkflowHandle<String> h = client.start("s-1", new Retried(2));

    assertEquals("flaky done", joinAdvancing(h));

    assertEquals(3, flakyRuns.get());
    assertEquals(1, journal(h).size());
    assertEquals(false, journal(h).get(0).failed());
    assertEquals(1, client.call("s-1", new Read()));
  }

  @Test
  void theLastAttemptsFailureIsJournaledAndThrown() {
    WorkflowHandle<String> h = client.start("s-1", new Retried(5));

    EntityException e = assertThrows(EntityException.class, () -> joinAdvancing(h));

    assertTrue(e.remoteMessage().contains("flaky 3"), e.remoteMessage());
    assertEquals(3, flakyRuns.get());
    assertEquals(1, journal(h).size());
    assertTrue(journal(h).get(0).failed());
  }

  @Test
  void withoutOptionsAStepHasOneAttempt() {
    WorkflowHandle<String> h = client.start("s-1", new Plain(1));

    assertThrows(EntityException.class, () -> h.join(PATIENCE));
    assertEquals(1, flakyRuns.get());
  }

  @Test
  void badOptionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> StepOptions.timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> StepOptions.timeout(Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> StepOptions.timeout(null));
    assertThrows(NullPointerException.class, () -> StepOptions.none().retry(null));
  }
}
