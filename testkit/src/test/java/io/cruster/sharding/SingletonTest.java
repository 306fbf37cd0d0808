package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SingletonTest {
  private final TestCluster cluster = TestCluster.create();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger ticks = new AtomicInteger();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void singletonRunsItsBodyUntilTheClusterCloses() {
    AtomicBoolean returned = new AtomicBoolean();
    cluster.singleton(
        "ticker",
        ctx -> {
          starts.incrementAndGet();
          while (ctx.isActive()) {
            ticks.incrementAndGet();
            ctx.sleep(Duration.ofSeconds(10));
          }
          returned.set(true);
        });
    Waiting.until(() -> ticks.get() == 1);
    Waiting.advanceUntil(cluster, Duration.ofSeconds(10), () -> ticks.get() >= 3);
    assertEquals(1, starts.get());

    cluster.close();
    Waiting.until(returned::get);
  }

  @Test
  void singletonSleepsOnTheClusterClock() {
    cluster.singleton(
        "ticker",
        ctx -> {
          while (ctx.isActive()) {
            ticks.incrementAndGet();
            ctx.sleep(Duration.ofMinutes(1));
          }
        });
    Waiting.until(() -> ticks.get() == 1);
    Waiting.stays(() -> ticks.get() == 1);
    Waiting.advanceUntil(cluster, Duration.ofSeconds(30), () -> ticks.get() == 2);
  }

  @Test
  void failingBodyIsRestarted() {
    cluster.singleton(
        "fragile",
        ctx -> {
          if (starts.incrementAndGet() < 3) {
            throw new IllegalStateException("crash " + starts.get());
          }
          while (ctx.isActive()) {
            ticks.incrementAndGet();
            ctx.sleep(Duration.ofSeconds(10));
          }
        });
    Waiting.until(() -> starts.get() == 1);
    // Restarts back off on the cluster clock.
    Waiting.advanceUntil(
        cluster, Duration.ofSeconds(1), () -> starts.get() == 3 && ticks.get() >= 1);
    assertEquals(3, starts.get());
  }

  @Test
  void bodyThatReturnsWhileActiveIsStartedAgain() {
    cluster.singleton("one-shot", ctx -> starts.incrementAndGet());
    Waiting.until(() -> starts.get() == 1);
    Waiting.advanceUntil(cluster, Duration.ofSeconds(1), () -> starts.get() >= 2);
  }

  @Test
  void singletonRunsAgainAfterTheNodeRestarts() {
    cluster.singleton(
        "survivor",
        ctx -> {
          starts.incrementAndGet();
          while (ctx.isActive()) {
            ticks.incrementAndGet();
            ctx.sleep(Duration.ofSeconds(10));
          }
        });
    Waiting.until(() -> starts.get() == 1);
    cluster.restart();
    // The singleton belongs to the cluster, not to the node that died: the new node runs it.
    Waiting.advanceUntil(cluster, Duration.ofSeconds(1), () -> starts.get() == 2);
  }

  @Test
  void twoSingletonsWithOneNameAreRefused() {
    cluster.singleton(
        "only",
        ctx -> {
          while (ctx.isActive()) {
            ctx.sleep(Duration.ofMinutes(1));
          }
        });
    assertThrows(IllegalStateException.class, () -> cluster.singleton("only", ctx -> {}));
  }
}
