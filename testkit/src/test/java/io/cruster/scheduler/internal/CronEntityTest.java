package io.cruster.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.scheduler.MissedTicks;
import io.cruster.scheduler.internal.CronEntity.Begin;
import io.cruster.scheduler.internal.CronEntity.Fire;
import io.cruster.scheduler.internal.CronEntity.FireOutcome;
import io.cruster.scheduler.internal.CronEntity.LastFired;
import io.cruster.sharding.EntityClient;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A schedule's entity given its ticks out of order, as happens when a tick delivered by a timer
 * overtakes an earlier one the poller of a new shard owner has yet to find: no tick is lost and
 * none runs twice.
 */
@Timeout(60)
class CronEntityTest {
  private static final Instant BEGUN = Instant.parse("2026-01-01T00:00:00Z");
  private final TestCluster cluster = TestCluster.create();
  private final List<Instant> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    cluster.close();
  }

  private EntityClient everySecond(MissedTicks policy) {
    CronTimes times = CronTimes.parse("s", "* * * * * ?", ZoneOffset.UTC);
    EntityClient client =
        cluster.register(
            CronEntity.define("s", times, policy, tick -> ran.add(tick.scheduledAt())));
    client.call("s", new Begin(BEGUN));
    return client;
  }

  private static Instant second(int n) {
    return BEGUN.plusSeconds(n);
  }

  private static FireOutcome fire(EntityClient client, int n) {
    return client.call("s", new Fire("s", second(n)));
  }

  @Test
  void aTickThatOvertookEarlierOnesRunsThemFirstAndTheirLateDeliveriesRunNothing() {
    EntityClient client = everySecond(MissedTicks.catchUp(10, Duration.ofMinutes(1)));
    cluster.clock().advance(Duration.ofSeconds(1));
    assertEquals(FireOutcome.RAN, fire(client, 1));
    cluster.clock().advance(Duration.ofSeconds(3));

    assertEquals(FireOutcome.RAN, fire(client, 4));
    assertEquals(List.of(second(1), second(2), second(3), second(4)), ran);
    assertEquals(FireOutcome.ALREADY_SETTLED, fire(client, 3));
    assertEquals(FireOutcome.ALREADY_SETTLED, fire(client, 2));
    assertEquals(List.of(second(1), second(2), second(3), second(4)), ran);
    CronState state = client.call("s", new LastFired());
    assertEquals(4, state.runs());
    assertEquals(second(4), state.lastTick().orElseThrow());
  }

  @Test
  void theFirstTicksAreCountedFromWhenTheScheduleBegan() {
    EntityClient client = everySecond(MissedTicks.catchUp(10, Duration.ofMinutes(1)));
    cluster.clock().advance(Duration.ofSeconds(2));

    assertEquals(FireOutcome.RAN, fire(client, 2));
    assertEquals(FireOutcome.ALREADY_SETTLED, fire(client, 1));
    assertEquals(List.of(second(1), second(2)), ran);
  }

  @Test
  void earlierTicksFollowTheMissedTicksPolicy() {
    EntityClient client = everySecond(MissedTicks.catchUp(2, Duration.ofMinutes(1)));
    cluster.clock().advance(Duration.ofSeconds(6));

    assertEquals(FireOutcome.RAN, fire(client, 6));
    // 1 to 5 are missed at 6: the two most recent of them run, oldest first.
    assertEquals(List.of(second(4), second(5), second(6)), ran);
  }

  @Test
  void withSkipAnOvertakenTickIsMissedAndNotRun() {
    EntityClient client = everySecond(MissedTicks.skip());
    cluster.clock().advance(Duration.ofSeconds(2));

    assertEquals(FireOutcome.RAN, fire(client, 2));
    assertEquals(FireOutcome.ALREADY_SETTLED, fire(client, 1));
    assertEquals(List.of(second(2)), ran);
  }

  @Test
  void aFailingJobStillSettlesEveryEarlierTickOnce() {
    CronTimes times = CronTimes.parse("f", "* * * * * ?", ZoneOffset.UTC);
    EntityClient client =
        cluster.register(
            CronEntity.define(
                "f",
                times,
                MissedTicks.catchUp(10, Duration.ofMinutes(1)),
                tick -> {
                  ran.add(tick.scheduledAt());
                  throw new IllegalStateException("down");
                }));
    client.call("f", new Begin(BEGUN));
    cluster.clock().advance(Duration.ofSeconds(3));

    assertEquals(FireOutcome.FAILED, client.call("f", new Fire("f", second(3))));
    assertEquals(List.of(second(1), second(2), second(3)), ran);
    CronState state = client.call("f", new LastFired());
    assertEquals(3, state.runs());
    assertEquals(3, state.failures());
  }
}
