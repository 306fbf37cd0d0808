package io.cruster.scheduler;

import static io.cruster.scheduler.Ticking.runThrough;
import static io.cruster.scheduler.Ticking.settled;
import static io.cruster.scheduler.Ticking.until;
import static io.cruster.scheduler.Ticking.untilSaved;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Restarts and outages. {@link TestCluster#restart()} is a crash and an immediate restart; {@link
 * TestCluster#restart(Duration)} keeps the cluster down while the clock moves, so ticks fall while
 * no node runs: the honest way to miss ticks (advancing a live cluster's clock in one jump would
 * race its runner instead).
 */
@Timeout(60)
class MissedTicksTest {
  private final TestCluster cluster = TestCluster.create();
  private final List<Instant> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static Instant at(String time) {
    return Instant.parse("2026-01-01T" + time + ":00Z");
  }

  private void hourly(MissedTicks policy) {
    ClusterCron.schedule(
        cluster,
        "hourly",
        "0 * * * *",
        ZoneOffset.UTC,
        policy,
        tick -> ran.add(tick.scheduledAt()));
  }

  /** Runs 01:00, then crashes with 02:00 saved and stays down for {@code downtime} from 01:00. */
  private void runFirstTickThenGoDownFor(Duration downtime) {
    runThrough(cluster, at("01:00"));
    until(() -> ran.size() >= 1);
    untilSaved(cluster, at("02:00"));
    cluster.restart(downtime);
  }

  @Test
  void tickSavedBeforeARestartRunsOnceAfterIt() {
    hourly(MissedTicks.skip());
    untilSaved(cluster, at("01:00"));
    cluster.restart(); // the new runner saves 01:00 again: found by its key, not a second request
    runThrough(cluster, at("01:00"));
    until(() -> ran.size() >= 1);
    runThrough(cluster, at("02:00"));
    until(() -> ran.size() >= 2);
    assertEquals(List.of(at("01:00"), at("02:00")), settled(ran));
  }

  @Test
  void tickThatRanIsNotRunAgainAfterARestart() {
    hourly(MissedTicks.skip());
    runThrough(cluster, at("01:00"));
    until(() -> ran.size() >= 1);
    cluster.restart();
    runThrough(cluster, at("02:00"));
    until(() -> ran.size() >= 2);
    assertEquals(List.of(at("01:00"), at("02:00")), settled(ran));
  }

  @Test
  void tickThatFellDuringAShortOutageRunsOnceWhenTheClusterIsBack() {
    hourly(MissedTicks.skip());
    untilSaved(cluster, at("01:00"));
    cluster.clock().advance(Duration.ofMinutes(59));
    cluster.restart(Duration.ofMinutes(2)); // down from 00:59 to 01:01: 01:00 is late, not missed
    until(() -> ran.size() >= 1);
    runThrough(cluster, at("02:00"));
    until(() -> ran.size() >= 2);
    assertEquals(List.of(at("01:00"), at("02:00")), settled(ran));
  }

  @Test
  void skipDoesNotRunTicksMissedDuringAnOutage() {
    hourly(MissedTicks.skip());
    runFirstTickThenGoDownFor(
        Duration.ofHours(4)); // back at 05:00: 02:00 (saved), 03:00 and 04:00 are missed
    until(() -> ran.size() >= 2);
    runThrough(cluster, at("06:00"));
    until(() -> ran.size() >= 3);
    assertEquals(List.of(at("01:00"), at("05:00"), at("06:00")), settled(ran));
  }

  @Test
  void catchUpRunsAtMostMaxTicksOfTheMissedOnesOldestFirst() {
    hourly(MissedTicks.catchUp(2, Duration.ofDays(1)));
    runFirstTickThenGoDownFor(Duration.ofHours(6)); // back at 07:00: 02:00 to 06:00 are missed
    until(() -> ran.size() >= 4);
    runThrough(cluster, at("08:00"));
    until(() -> ran.size() >= 5);
    assertEquals(
        List.of(at("01:00"), at("05:00"), at("06:00"), at("07:00"), at("08:00")), settled(ran));
  }

  @Test
  void catchUpRunsOnlyMissedTicksWithinItsWindow() {
    hourly(MissedTicks.catchUp(10, Duration.ofMinutes(200)));
    runFirstTickThenGoDownFor(Duration.ofHours(6)); // back at 07:00; 200 minutes before is 03:40
    until(() -> ran.size() >= 5);
    assertEquals(
        List.of(at("01:00"), at("04:00"), at("05:00"), at("06:00"), at("07:00")), settled(ran));
  }

  @Test
  void catchUpCountsFromWhenTheScheduleBeganIfNoTickRanYet() {
    ClusterCron.Started started =
        ClusterCron.start(
            cluster,
            "hourly",
            "0 * * * *",
            ZoneOffset.UTC,
            MissedTicks.catchUp(5, Duration.ofDays(1)),
            tick -> ran.add(tick.scheduledAt()));
    untilSaved(cluster, at("01:00"));
    until(() -> started.runner().state().begun().isPresent());
    cluster.restart(
        Duration.ofHours(3)); // back at 03:00; nothing ran yet, 01:00 and 02:00 are missed
    until(() -> ran.size() >= 3);
    assertEquals(List.of(at("01:00"), at("02:00"), at("03:00")), settled(ran));
  }
}
