package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.samples.cluster.RunnerCluster.Runner;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cron schedule ticking every second across runner processes, through a {@code kill -9} of the
 * one running it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CronIT extends ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aOneSecondScheduleRunsEachTickOnceAcrossAKillAndLosesNone() {
    List<Runner> three =
        cluster.start(
            3,
            Map.of(
                "CLUSTER_CRON",
                "* * * * * ?",
                "JAVA_TOOL_OPTIONS",
                "-Dorg.slf4j.simpleLogger.log.io.cruster.scheduler=debug"));
    cluster.awaitSettled(three, WAIT);
    await().atMost(WAIT).until(() -> cluster.db.number("SELECT count(*) FROM cron_ticks") >= 5);

    // Kill the runner that ran the latest tick: it serves the schedule's entity.
    String ranLast =
        (String)
            cluster
                .db
                .query("SELECT runner FROM cron_ticks ORDER BY tick DESC LIMIT 1")
                .get(0)
                .get(0);
    Runner victim = cluster.byId(ranLast);
    List<Runner> survivors = new ArrayList<>(three);
    survivors.remove(victim);
    Instant killedAt = cluster.kill(victim);
    cluster.awaitSettled(survivors, WAIT);

    // Ticks go on elsewhere, and those that fell due while nobody could run them are caught up.
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.db.number(
                        "SELECT count(*) FROM cron_ticks WHERE tick > ? AND runner <> ?",
                        Timestamp.from(killedAt.plusSeconds(3)),
                        victim.id())
                    >= 3);
    // Missed ticks are caught up after the failover, in the background: wait until every second
    // from the first tick to the latest one has ticked (a tick lost for good keeps a gap forever).
    Instant[] span = new Instant[2];
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Instant from = tick("SELECT min(tick) FROM cron_ticks");
              Instant to = tick("SELECT max(tick) FROM cron_ticks");
              span[0] = from;
              span[1] = to;
              assertEquals(
                  Duration.between(from, to).toSeconds() + 1,
                  cluster.db.number(
                      "SELECT count(DISTINCT tick) FROM cron_ticks WHERE tick <= ?",
                      Timestamp.from(to)),
                  () ->
                      "every second from "
                          + from
                          + " to "
                          + to
                          + " ticked (missed ticks caught up); missing: "
                          + cluster.db.query(
                              "SELECT s FROM generate_series(?::timestamptz, ?::timestamptz,"
                                  + " interval '1 second') s"
                                  + " WHERE NOT EXISTS (SELECT 1 FROM cron_ticks WHERE tick = s)",
                              Timestamp.from(from),
                              Timestamp.from(to))
                          + cronLogs(three));
            });
    Instant first = span[0];
    Instant last = span[1];
    assertEquals(
        List.of(),
        cluster.db.query("SELECT tick, count(*) FROM cron_ticks GROUP BY tick HAVING count(*) > 1"),
        "no tick ran twice");
    long seconds = Duration.between(first, last).toSeconds() + 1;
    assertTrue(
        cluster.db.number("SELECT count(*) FROM cron_ticks WHERE at - tick > interval '2 seconds'")
            > 0,
        "some ticks ran late, caught up after the failover");
    System.out.printf(
        "cron: %d ticks from %s to %s, none twice, none lost, across a kill -9 at %s%n",
        seconds, first, last, killedAt);
  }

  /** The scheduler's log lines of every runner, for a failure message. */
  private static String cronLogs(List<Runner> runners) {
    StringBuilder logs = new StringBuilder();
    for (Runner r : runners) {
      logs.append("\n--- ").append(r).append(" cron log:");
      r.jvm().logLines().stream()
          .filter(l -> l.contains("cron") || l.contains("Cron"))
          .forEach(l -> logs.append("\n  ").append(l));
    }
    return logs.toString();
  }

  private Instant tick(String sql) {
    return ((Timestamp) cluster.db.query(sql).get(0).get(0)).toInstant();
  }
}
