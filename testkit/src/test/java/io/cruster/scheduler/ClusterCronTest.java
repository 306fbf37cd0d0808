package io.cruster.scheduler;

import static io.cruster.scheduler.Ticking.runThrough;
import static io.cruster.scheduler.Ticking.settled;
import static io.cruster.scheduler.Ticking.stays;
import static io.cruster.scheduler.Ticking.until;
import static io.cruster.scheduler.Ticking.untilSaved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.scheduler.internal.CronState;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterCronTest {
  /** Where a TestCluster's manual clock starts. */
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final ZoneId UTC = ZoneOffset.UTC;

  private final TestCluster cluster = TestCluster.create();
  private final List<CronTick> ticks = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void firesOncePerTickWithTheTickAsScheduledAt() {
    CronSchedule schedule = ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    assertEquals("hourly", schedule.name());
    for (int hour = 1; hour <= 3; hour++) {
      runThrough(cluster, START.plus(Duration.ofHours(hour)));
      int expected = hour;
      until(() -> ticks.size() >= expected);
    }
    assertEquals(
        List.of(
            new CronTick("hourly", at("2026-01-01T01:00:00Z")),
            new CronTick("hourly", at("2026-01-01T02:00:00Z")),
            new CronTick("hourly", at("2026-01-01T03:00:00Z"))),
        settled(ticks));
  }

  @Test
  void schedulesReportProgressAndTheNextTick() {
    ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    runThrough(cluster, START.plus(Duration.ofHours(1)));
    until(() -> ticks.size() >= 1);
    until(() -> ClusterCron.schedules(cluster).get(0).runs() >= 1);
    CronStatus s = ClusterCron.schedules(cluster).get(0);
    assertEquals("hourly", s.name());
    assertEquals("0 * * * *", s.expression());
    assertEquals(java.util.Optional.of(at("2026-01-01T01:00:00Z")), s.lastTick());
    assertEquals(java.util.Optional.of(at("2026-01-01T02:00:00Z")), s.nextTick());
    assertEquals(0, s.failures());
    assertEquals(0, s.missed());
  }

  @Test
  void schedulesOfAnotherClusterAreNotListed() {
    ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    try (TestCluster other = TestCluster.create()) {
      assertEquals(List.of(), ClusterCron.schedules(other));
    }
    assertEquals(1, ClusterCron.schedules(cluster).size());
  }

  @Test
  void tickDoesNotFireBeforeItsTime() {
    ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    Instant tick = at("2026-01-01T01:00:00Z");
    untilSaved(cluster, tick);
    cluster.clock().advance(Duration.between(START, tick).minusMillis(1));
    stays(ticks::isEmpty);
    cluster.clock().advance(Duration.ofMillis(1));
    until(() -> ticks.size() >= 1);
    assertEquals(List.of(new CronTick("hourly", tick)), settled(ticks));
  }

  @Test
  void quartzExpressionFiresOnItsSeconds() {
    ClusterCron.schedule(cluster, "every-20s", "*/20 * * * * ?", UTC, ticks::add);
    List<Instant> expected =
        List.of(at("2026-01-01T00:00:20Z"), at("2026-01-01T00:00:40Z"), at("2026-01-01T00:01:00Z"));
    for (Instant tick : expected) {
      runThrough(cluster, tick);
      until(() -> ticks.size() >= expected.indexOf(tick) + 1);
    }
    assertEquals(expected, settled(ticks).stream().map(CronTick::scheduledAt).toList());
  }

  @Test
  void quartzExpressionWithDayOfWeekAndYearFires() {
    ClusterCron.schedule(cluster, "monday-standup", "0 30 9 ? * MON 2026", UTC, ticks::add);
    // 2026-01-01 is a Thursday: the first Mondays are the 5th and the 12th.
    List<Instant> expected = List.of(at("2026-01-05T09:30:00Z"), at("2026-01-12T09:30:00Z"));
    runThrough(cluster, expected.get(0));
    until(() -> ticks.size() >= 1);
    runThrough(cluster, expected.get(1));
    until(() -> ticks.size() >= 2);
    assertEquals(expected, settled(ticks).stream().map(CronTick::scheduledAt).toList());
  }

  @Test
  void zoneShiftsTicksToItsLocalTime() {
    // 03:00 in Berlin is 02:00 UTC in winter (CET, UTC+1).
    ClusterCron.schedule(cluster, "nightly", "0 3 * * *", ZoneId.of("Europe/Berlin"), ticks::add);
    List<Instant> expected = List.of(at("2026-01-01T02:00:00Z"), at("2026-01-02T02:00:00Z"));
    runThrough(cluster, expected.get(0));
    until(() -> ticks.size() >= 1);
    runThrough(cluster, expected.get(1));
    until(() -> ticks.size() >= 2);
    assertEquals(expected, settled(ticks).stream().map(CronTick::scheduledAt).toList());
  }

  @Test
  void failingJobIsLoggedAndRecordedAndTheNextTickStillFires() {
    Instant first = at("2026-01-01T01:00:00Z");
    Instant second = at("2026-01-01T02:00:00Z");
    Map<Instant, Integer> attempts = new ConcurrentHashMap<>();
    CronJob job =
        tick -> {
          attempts.merge(tick.scheduledAt(), 1, Integer::sum);
          ticks.add(tick);
          if (tick.scheduledAt().equals(first)) {
            throw new IllegalStateException("report service down");
          }
        };
    try (CapturedLog log = CapturedLog.start()) {
      ClusterCron.Started started =
          ClusterCron.start(cluster, "flaky", "0 * * * *", UTC, MissedTicks.skip(), job);
      runThrough(cluster, first);
      until(() -> log.text().contains("cron schedule [flaky]: job failed for tick " + first));
      assertTrue(log.text().contains("IllegalStateException: report service down"), log.text());

      runThrough(cluster, second);
      until(() -> ticks.size() >= 2);
      assertEquals(
          List.of(first, second), settled(ticks).stream().map(CronTick::scheduledAt).toList());
      assertEquals(Map.of(first, 1, second, 1), attempts); // the failed tick was not retried

      CronState state = started.runner().state();
      assertEquals(2, state.runs());
      assertEquals(1, state.failures());
      assertEquals(second, state.lastFired().orElseThrow());
      String failure = state.lastFailure().orElseThrow();
      assertTrue(
          failure.startsWith(first + ": java.lang.IllegalStateException: report service down"),
          failure);
    }
  }

  @Test
  void schedulesWithDifferentNamesTickIndependently() {
    List<CronTick> other = new CopyOnWriteArrayList<>();
    ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    ClusterCron.schedule(cluster, "half-hourly", "*/30 * * * *", UTC, other::add);
    runThrough(cluster, at("2026-01-01T00:30:00Z"));
    until(() -> other.size() >= 1);
    runThrough(cluster, at("2026-01-01T01:00:00Z"));
    until(() -> ticks.size() >= 1 && other.size() >= 2);
    assertEquals(
        List.of(at("2026-01-01T00:30:00Z"), at("2026-01-01T01:00:00Z")),
        settled(other).stream().map(CronTick::scheduledAt).toList());
    assertEquals(List.of(new CronTick("hourly", at("2026-01-01T01:00:00Z"))), settled(ticks));
  }

  @Test
  void sameNameTwiceOnOneClusterIsRefused() {
    ClusterCron.schedule(cluster, "nightly", "0 3 * * *", UTC, ticks::add);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ClusterCron.schedule(cluster, "nightly", "0 4 * * *", UTC, ticks::add));
    assertTrue(
        e.getMessage().contains("cron schedule [nightly] is already scheduled"), e.getMessage());
  }

  @Test
  void rejectedScheduleRegistersNothing() {
    assertThrows(
        CronExpressionException.class,
        () -> ClusterCron.schedule(cluster, "hourly", "0 * * *", UTC, ticks::add));
    assertThrows(
        NullPointerException.class,
        () -> ClusterCron.schedule(cluster, "hourly", "0 * * * *", null, ticks::add));
    // The name is still free: nothing was registered by the failed calls.
    ClusterCron.schedule(cluster, "hourly", "0 * * * *", UTC, ticks::add);
    runThrough(cluster, at("2026-01-01T01:00:00Z"));
    until(() -> ticks.size() >= 1);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    NullPointerException zone =
        assertThrows(
            NullPointerException.class,
            () -> ClusterCron.schedule(cluster, "nightly", "0 3 * * *", null, ticks::add));
    assertEquals("cron schedule [nightly]: zone must not be null", zone.getMessage());
    NullPointerException job =
        assertThrows(
            NullPointerException.class,
            () -> ClusterCron.schedule(cluster, "nightly", "0 3 * * *", UTC, null));
    assertEquals("cron schedule [nightly]: job must not be null", job.getMessage());
    NullPointerException policy =
        assertThrows(
            NullPointerException.class,
            () -> ClusterCron.schedule(cluster, "nightly", "0 3 * * *", UTC, null, ticks::add));
    assertEquals(
        "cron schedule [nightly]: missed-ticks policy must not be null", policy.getMessage());
    NullPointerException clusterMissing =
        assertThrows(
            NullPointerException.class,
            () -> ClusterCron.schedule(null, "nightly", "0 3 * * *", UTC, ticks::add));
    assertEquals("cron schedule [nightly]: cluster must not be null", clusterMissing.getMessage());
  }
}
