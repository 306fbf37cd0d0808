package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.persistence.spi.StepKind;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DurableSleepTest {
  record Count(int n) {}

  /** Sleeps, then reports the clock's time and its execution id. */
  record Nap(Duration length) implements Workflow<String> {}

  /** Sleeps twice. */
  record TwoNaps(Duration first, Duration second) implements Workflow<Instant> {}

  @Public
  record Bump() implements Activity<Integer> {}

  record Read() implements Rpc<Integer> {}

  private final AtomicInteger napsStarted = new AtomicInteger();

  private final EntityType<Count> type =
      EntityType.define("Sleeper", Count.class)
          .init(ctx -> new Count(0))
          .workflow(
              Nap.class,
              (ctx, m) -> {
                napsStarted.incrementAndGet();
                ctx.sleep(m.length());
                return ctx.clock().instant() + " " + ctx.executionId();
              })
          .workflow(
              TwoNaps.class,
              (ctx, m) -> {
                ctx.sleep(m.first());
                ctx.sleep(m.second());
                return ctx.clock().instant();
              })
          .activity(
              Bump.class,
              (ctx, m) -> {
                ctx.setState(new Count(ctx.state().n() + 1));
                return ctx.state().n();
              })
          .rpc(Read.class, (ctx, m) -> ctx.state().n())
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient sleepers = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void sleepDoesNotFinishBeforeItsTimeAndFinishesRightAfter() {
    Instant start = cluster.clock().now();
    Instant wake = start.plus(Duration.ofHours(2));
    CompletableFuture<String> reply = sleepers.callAsync("s-1", new Nap(Duration.ofHours(2)));
    Waiting.untilTimerAt(cluster, wake);
    Waiting.stays(() -> !reply.isDone());

    cluster.clock().advance(Duration.ofHours(2).minusMillis(1));
    Waiting.stays(() -> !reply.isDone());

    cluster.clock().advance(Duration.ofMillis(1));
    Waiting.until(reply::isDone);
    String result = reply.join();
    assertEquals(wake.toString(), result.substring(0, result.indexOf(' ')));
  }

  @Test
  void sleepIsJournaledAsOneStep() {
    Instant wake = cluster.clock().now().plus(Duration.ofMinutes(5));
    CompletableFuture<String> reply = sleepers.callAsync("s-1", new Nap(Duration.ofMinutes(5)));
    Waiting.untilTimerAt(cluster, wake);
    cluster.clock().advance(Duration.ofMinutes(5));
    String executionId = reply.join().substring(reply.join().indexOf(' ') + 1);
    var journal = cluster.storage().journal().entries(executionId);
    assertEquals(1, journal.size());
    assertEquals(StepKind.SLEEP, journal.get(0).kind());
  }

  @Test
  void sleepingWorkflowHoldsNoLock() {
    Instant wake = cluster.clock().now().plus(Duration.ofDays(1));
    CompletableFuture<String> reply = sleepers.callAsync("s-1", new Nap(Duration.ofDays(1)));
    Waiting.untilTimerAt(cluster, wake);
    assertEquals(1, sleepers.call("s-1", new Bump()));
    assertEquals(2, sleepers.call("s-1", new Bump()));
    assertEquals(2, sleepers.call("s-1", new Read()));
    assertEquals(false, reply.isDone());
  }

  @Test
  void consecutiveSleepsAddUp() {
    Instant start = cluster.clock().now();
    CompletableFuture<Instant> reply =
        sleepers.callAsync("s-1", new TwoNaps(Duration.ofMinutes(10), Duration.ofMinutes(20)));
    Waiting.untilTimerAt(cluster, start.plus(Duration.ofMinutes(10)));
    cluster.clock().advance(Duration.ofMinutes(10));
    Waiting.untilTimerAt(cluster, start.plus(Duration.ofMinutes(30)));
    Waiting.stays(() -> !reply.isDone());
    cluster.clock().advance(Duration.ofMinutes(20));
    Waiting.until(reply::isDone);
    assertEquals(start.plus(Duration.ofMinutes(30)), reply.join());
  }

  @Test
  void manySleepingWorkflowsWakeTogether() {
    Instant wake = cluster.clock().now().plus(Duration.ofHours(1));
    CompletableFuture<?>[] replies = new CompletableFuture<?>[20];
    for (int i = 0; i < replies.length; i++) {
      replies[i] = sleepers.callAsync("s-" + i, new Nap(Duration.ofHours(1)));
    }
    Waiting.until(
        () -> cluster.clock().dueTimes().stream().filter(wake::equals).count() == replies.length);
    cluster.clock().advance(Duration.ofHours(1));
    CompletableFuture.allOf(replies).join();
    assertEquals(replies.length, napsStarted.get());
  }
}
