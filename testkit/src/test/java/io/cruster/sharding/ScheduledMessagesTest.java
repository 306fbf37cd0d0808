package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScheduledMessagesTest {
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient counters = cluster.register(Counter.TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  private int count(String id) {
    return counters.call(id, new Counter.GetCount());
  }

  @Test
  void callAtDeliversOnlyOnceTheClockReachesTheTime() {
    Instant at = cluster.clock().now().plus(Duration.ofHours(1));
    CompletableFuture<Integer> reply = counters.callAt("c-1", new Counter.Increment(3), at);
    Waiting.stays(() -> !reply.isDone());
    assertEquals(0, count("c-1"));

    cluster.clock().advance(Duration.ofMinutes(59));
    Waiting.stays(() -> !reply.isDone());
    assertEquals(0, count("c-1"));

    cluster.clock().advance(Duration.ofMinutes(1));
    Waiting.until(reply::isDone);
    assertEquals(3, reply.join());
    assertEquals(3, count("c-1"));
  }

  @Test
  void notifyAtDeliversOnlyOnceTheClockReachesTheTime() {
    Instant at = cluster.clock().now().plus(Duration.ofMinutes(10));
    counters.notifyAt("c-1", new Counter.Increment(5), at);
    cluster.clock().advance(Duration.ofMinutes(9));
    Waiting.stays(() -> count("c-1") == 0);

    cluster.clock().advance(Duration.ofMinutes(1));
    Waiting.until(() -> count("c-1") == 5);
    Waiting.stays(() -> count("c-1") == 5);
  }

  @Test
  void scheduledMessagesArriveInTheOrderOfTheirTimes() {
    Instant now = cluster.clock().now();
    CompletableFuture<Integer> later =
        counters.callAt("c-1", new Counter.Increment(10), now.plusSeconds(20));
    CompletableFuture<Integer> sooner =
        counters.callAt("c-1", new Counter.Increment(1), now.plusSeconds(10));
    cluster.clock().advance(Duration.ofSeconds(10));
    Waiting.until(sooner::isDone);
    assertEquals(1, sooner.join());
    Waiting.stays(() -> !later.isDone());
    cluster.clock().advance(Duration.ofSeconds(10));
    assertEquals(11, later.join());
  }

  @Test
  void timeInThePastDeliversAtOnce() {
    Instant past = cluster.clock().now().minus(Duration.ofMinutes(1));
    assertEquals(2, counters.callAt("c-1", new Counter.Increment(2), past).join());
  }

  @Test
  void scheduledMessageSurvivesRestart() {
    Instant at = cluster.clock().now().plus(Duration.ofMinutes(30));
    counters.notifyAt("c-1", new Counter.Increment(7), at);
    cluster.restart();
    cluster.clock().advance(Duration.ofMinutes(29));
    Waiting.stays(() -> count("c-1") == 0);
    cluster.clock().advance(Duration.ofMinutes(1));
    Waiting.until(() -> count("c-1") == 7);
  }

  @Test
  void rpcsCannotBeScheduled() {
    Instant at = cluster.clock().now().plus(Duration.ofMinutes(1));
    assertThrows(
        IllegalArgumentException.class, () -> counters.notifyAt("c-1", new Counter.GetCount(), at));
    assertEquals(0, count("c-1"));
  }
}
