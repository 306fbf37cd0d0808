package io.cruster.scheduler;

import io.cruster.scheduler.internal.CronRunner;
import io.cruster.scheduler.internal.CronState;
import io.cruster.sharding.Cluster;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cron across a cluster: a job that runs once per tick of a cron expression, on one node, whichever
 * nodes come and go.
 *
 * <pre>{@code
 * ClusterCron.schedule(cluster, "nightly-report", "0 3 * * *", ZoneId.of("Europe/Berlin"),
 *     tick -> reports.build(tick.scheduledAt()));
 * }</pre>
 *
 * <p><b>Every node schedules it.</b> Like a {@linkplain Cluster#singleton singleton}, the job is
 * code, so every node of the cluster calls {@code schedule} with the same arguments at start-up
 * (typically next to its {@code register} calls); the cluster runs each tick once, on one node. A
 * schedule is an entity type named {@code "cruster.Cron." + name} plus a singleton named {@code
 * "cruster.cron." + name}; both names are taken on the cluster.
 *
 * <p><b>What is guaranteed.</b> Each tick is saved as a persisted scheduled message keyed by the
 * tick's time before it is due, so a tick runs once across failovers: when the node running the
 * schedule dies, the node that takes over continues from the ticks already saved and settled. Ticks
 * run in order, one at a time (a job longer than the period delays the next tick, never overlaps
 * it). A tick that runs late still runs while the schedule's next tick is not due; after longer
 * outages the {@link MissedTicks} policy decides. A failing job is logged and recorded, and the
 * tick counts as run (see {@link CronJob}). Time is the cluster's clock (a {@code TestCluster}'s
 * manual clock in tests).
 *
 * <p>Thread-safe; stateless.
 */
public final class ClusterCron {
  private static final ReentrantLock SCHEDULED_LOCK = new ReentrantLock();

  /** The schedules started on each cluster node, for {@link #schedules}; nodes are weakly held. */
  private static final Map<Cluster, Map<String, Started>> SCHEDULED = new WeakHashMap<>();

  private ClusterCron() {}

  /**
   * Schedules {@code job} on {@code cluster}; missed ticks are skipped ({@link
   * MissedTicks#skip()}). Returns at once: registers the schedule on this node without waiting for
   * storage or for the first tick. Thread-safe.
   *
   * @param name the schedule's name, unique in the cluster: 1 to {@value
   *     CronSchedule#MAX_NAME_LENGTH} letters, digits, {@code _}, {@code .} and {@code -}, starting
   *     with a letter or digit
   * @param expression Unix (5 fields, {@code "0 3 * * *"}) or Quartz (6 or 7 fields with seconds,
   *     {@code "0 0 3 ? * MON-FRI"}) cron syntax
   * @param zone the zone the expression's times are in
   * @param job what runs at each tick
   * @throws CronExpressionException if the expression cannot be used
   * @throws io.cruster.actors.ConfigException if the name is blank, too long or has other
   *     characters
   * @throws IllegalStateException if a schedule with this name is registered on this cluster node
   *     already
   * @throws NullPointerException if an argument is null
   */
  public static CronSchedule schedule(
      Cluster cluster, String name, String expression, ZoneId zone, CronJob job) {
    return schedule(cluster, name, expression, zone, MissedTicks.skip(), job);
  }

  /**
   * Schedules {@code job} on {@code cluster}, with an explicit policy for missed ticks. Returns at
   * once, as {@link #schedule(Cluster, String, String, ZoneId, CronJob)} does; thread-safe.
   *
   * @param policy what to do with ticks missed while no node could run the schedule
   * @throws CronExpressionException if the expression cannot be used
   * @throws io.cruster.actors.ConfigException if the name is blank, too long or has other
   *     characters
   * @throws IllegalStateException if a schedule with this name is registered on this cluster node
   *     already
   * @throws NullPointerException if an argument is null
   */
  public static CronSchedule schedule(
      Cluster cluster,
      String name,
      String expression,
      ZoneId zone,
      MissedTicks policy,
      CronJob job) {
    return start(cluster, name, expression, zone, policy, job).schedule();
  }

  /**
   * Schedules, returning the schedule and its runner; the runner is a seam for tests of this
   * package.
   */
  static Started start(
      Cluster cluster,
      String name,
      String expression,
      ZoneId zone,
      MissedTicks policy,
      CronJob job) {
    CronSchedule schedule = CronSchedule.of(name, expression, zone, policy);
    Objects.requireNonNull(cluster, () -> "cron schedule [" + name + "]: cluster must not be null");
    Objects.requireNonNull(job, () -> "cron schedule [" + name + "]: job must not be null");
    Started started =
        new Started(schedule, CronRunner.start(cluster, schedule, schedule.times(), job));
    SCHEDULED_LOCK.lock();
    try {
      SCHEDULED.computeIfAbsent(cluster, c -> new TreeMap<>()).put(name, started);
    } finally {
      SCHEDULED_LOCK.unlock();
    }
    return started;
  }

  /**
   * The schedules registered on this cluster node with {@code schedule}, by name, with their
   * committed progress and next tick. Blocks for one call to each schedule's entity (up to the call
   * timeout each); thread-safe.
   *
   * @throws NullPointerException if {@code cluster} is null
   */
  public static List<CronStatus> schedules(Cluster cluster) {
    Objects.requireNonNull(cluster, "cluster must not be null");
    List<Started> all;
    SCHEDULED_LOCK.lock();
    try {
      all = List.copyOf(SCHEDULED.getOrDefault(cluster, Map.of()).values());
    } finally {
      SCHEDULED_LOCK.unlock();
    }
    List<CronStatus> out = new ArrayList<>(all.size());
    for (Started s : all) {
      CronState state = s.runner().state();
      CronSchedule c = s.schedule();
      Optional<Instant> next = c.nextTick(state.settledThrough().orElseGet(Instant::now));
      out.add(
          new CronStatus(
              c.name(),
              c.expression(),
              c.zone(),
              c.policy().toString(),
              state.lastTick(),
              state.lastFired(),
              next,
              state.runs(),
              state.failures(),
              state.skipped(),
              state.lastFailure()));
    }
    return out;
  }

  /** A schedule and its runner on this node. */
  record Started(CronSchedule schedule, CronRunner runner) {}
}
