package io.cruster.scheduler.internal;

import io.cruster.scheduler.CronExpressionException;
import io.cruster.scheduler.CronJob;
import io.cruster.scheduler.CronSchedule;
import io.cruster.scheduler.internal.CronEntity.Begin;
import io.cruster.scheduler.internal.CronEntity.Fire;
import io.cruster.scheduler.internal.CronEntity.FireOutcome;
import io.cruster.scheduler.internal.CronEntity.LastFired;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Singleton;
import io.cruster.sharding.SingletonContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singleton of one schedule, named {@value #SINGLETON_PREFIX} + its name: keeps the schedule's
 * next tick saved as a scheduled {@link Fire} before it is due, then sleeps (on the cluster clock)
 * until just after it, and repeats. It holds no state that matters: when it starts, here or on
 * another node after a failover, it reads how far the ticks are settled from the entity, saves the
 * ticks that fell since and that the policy runs, one at a time, each settled before the next (a
 * duplicate of a tick saved before is found by its idempotency key, never run twice), then saves
 * the next tick.
 *
 * <p>Runs on the singleton's own virtual thread; {@code planned} (the latest tick this run saved)
 * is confined to it.
 */
public final class CronRunner implements Singleton {
  /** The prefix of every schedule's singleton name. */
  public static final String SINGLETON_PREFIX = "cruster.cron.";

  /**
   * How long after a tick the runner wakes to save the next one (the tick's own message is saved
   * already).
   */
  public static final Duration WAKE_DELAY = Duration.ofMillis(1);

  /** How often a schedule with no more ticks (a Quartz year in the past) looks again. */
  static final Duration NO_TICK_RECHECK = Duration.ofDays(1);

  /** How long the runner waits for a due tick's reply before it checks that it is still active. */
  private static final Duration DUE_WAIT_SLICE = Duration.ofSeconds(1);

  /** Missed ticks are counted for the log up to this many. */
  private static final int MISSED_COUNT_LIMIT = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(CronRunner.class);

  private final CronSchedule schedule;
  private final CronTimes times;
  private final MissPolicy policy;
  private final EntityClient client;

  private CronRunner(CronSchedule schedule, CronTimes times, EntityClient client) {
    this.schedule = schedule;
    this.times = times;
    this.policy = MissPolicy.of(schedule.policy());
    this.client = client;
  }

  /**
   * Registers the schedule's entity type and singleton on {@code cluster}. Does not wait for
   * storage; thread-safe.
   *
   * @throws IllegalStateException if a schedule with this name is registered on this cluster node
   *     already
   */
  public static CronRunner start(
      Cluster cluster, CronSchedule schedule, CronTimes times, CronJob job) {
    String name = schedule.name();
    EntityType<CronState> type = CronEntity.define(name, times, schedule.policy(), job);
    EntityClient client;
    try {
      client = cluster.register(type);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cron schedule ["
              + name
              + "] is already scheduled on this cluster node (its entity type "
              + type.name()
              + " is registered); schedule each name once per node",
          e);
    }
    CronRunner runner = new CronRunner(schedule, times, client);
    LOG.info(
        "cron schedule [{}]: scheduled, {} in {}, missed ticks: {}",
        name,
        schedule.expression(),
        schedule.zone(),
        schedule.policy());
    try {
      cluster.singleton(SINGLETON_PREFIX + name, runner);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cron schedule ["
              + name
              + "]: a singleton named "
              + SINGLETON_PREFIX
              + name
              + " is running already on this cluster node",
          e);
    }
    return runner;
  }

  /**
   * The schedule's state as last committed. Blocks until the entity replies (up to the call
   * timeout).
   */
  public CronState state() {
    return client.call(schedule.name(), new LastFired());
  }

  @Override
  public void run(SingletonContext ctx) {
    String name = schedule.name();
    Optional<Instant> planned = Optional.empty();
    boolean started = false;
    boolean warnedNoTick = false;
    while (ctx.isActive()) {
      Instant now = ctx.now();
      Instant from = settledThrough(now);
      if (!started) {
        LOG.info("cron schedule [{}]: running on this node; ticks settled through {}", name, from);
        started = true;
      }
      if (planned.isPresent() && planned.get().isAfter(from)) {
        from = planned.get();
      }
      List<Instant> due;
      Optional<Instant> next;
      try {
        due = policy.dueToRun(times, from, now);
        next = due.isEmpty() ? times.next(now) : Optional.empty();
      } catch (CronExpressionException e) {
        // Parsed, yet its ticks cannot be computed (cron-utils fails on some such expressions):
        // said once, then treated as a schedule with no tick for now.
        if (!warnedNoTick) {
          LOG.error("{}; it will not fire", e.getMessage());
          warnedNoTick = true;
        }
        ctx.sleep(NO_TICK_RECHECK);
        continue;
      }
      if (!due.isEmpty()) {
        logMissed(from, due);
        for (Instant tick : due) {
          if (!runDue(ctx, tick)) {
            return;
          }
        }
        planned = Optional.of(due.getLast());
        continue; // catching up took time: look again
      }
      if (next.isEmpty()) {
        if (!warnedNoTick) {
          LOG.warn(
              "cron schedule [{}]: {} has no tick after {}; it will not fire again",
              name,
              schedule.expression(),
              now);
          warnedNoTick = true;
        }
        ctx.sleep(NO_TICK_RECHECK);
        continue;
      }
      if (planned.isEmpty() || next.get().isAfter(planned.get())) {
        save(next.get());
        planned = next;
      }
      Duration wait = Duration.between(ctx.now(), next.get().plus(WAKE_DELAY));
      if (wait.isPositive()) {
        ctx.sleep(wait);
      }
    }
  }

  /**
   * How far ticks are settled; a schedule that never ran anywhere begins now. Blocks on the entity.
   */
  private Instant settledThrough(Instant now) {
    String name = schedule.name();
    Optional<Instant> settled = client.call(name, new LastFired()).settledThrough();
    if (settled.isPresent()) {
      return settled.get();
    }
    // Waits until the beginning is recorded: the next look must find it, or it would begin again
    // later and lose the ticks in between.
    if (client.call(name, new Begin(now))) {
      return now;
    }
    return client.call(name, new LastFired()).settledThrough().orElse(now); // began elsewhere
  }

  private void logMissed(Instant from, List<Instant> due) {
    int counted = times.count(from, due.getLast(), MISSED_COUNT_LIMIT + 1);
    int notRun = counted - due.size();
    if (notRun > 0) {
      LOG.warn(
          "cron schedule [{}]: {}{} missed ticks after {} are not run (missed ticks: {}); running {}",
          schedule.name(),
          counted > MISSED_COUNT_LIMIT ? "at least " : "",
          notRun,
          from,
          schedule.policy(),
          due);
    }
  }

  /**
   * Saves a tick that is due already and waits until it settles, so the ticks of a catch-up settle
   * in order: a later one saved at once could overtake an earlier one still waiting in storage
   * (saved before an outage, now being picked up by the poller), which would then be refused as
   * older than the last settled tick. Returns false when the runner is deactivated while waiting.
   */
  private boolean runDue(SingletonContext ctx, Instant tick) {
    CompletableFuture<FireOutcome> settled =
        client.callAt(schedule.name(), new Fire(schedule.name(), tick), tick);
    while (ctx.isActive()) {
      try {
        FireOutcome outcome = settled.get(DUE_WAIT_SLICE.toMillis(), TimeUnit.MILLISECONDS);
        LOG.debug("cron schedule [{}]: due tick {} settled: {}", schedule.name(), tick, outcome);
        return true;
      } catch (TimeoutException e) {
        // its job is still running: keep waiting, in slices, so a deactivation is noticed
      } catch (ExecutionException e) {
        if (!ctx.isActive()) {
          return false;
        }
        LOG.warn(
            "cron schedule [{}]: due tick {} could not be settled; going on with the next one",
            schedule.name(),
            tick,
            e.getCause());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void save(Instant tick) {
    client.notifyAt(schedule.name(), new Fire(schedule.name(), tick), tick);
    LOG.debug("cron schedule [{}]: tick {} saved", schedule.name(), tick);
  }
}
