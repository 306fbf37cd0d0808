package io.cruster.scheduler.internal;

import io.cruster.scheduler.CronJob;
import io.cruster.scheduler.CronTick;
import io.cruster.scheduler.MissedTicks;
import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Tag;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity type of one schedule, named {@value #TYPE_PREFIX} + its name, with a single entity
 * whose id is the schedule's name. Its handlers capture the job. Activities of one entity are
 * exclusive, so the ticks of a schedule never overlap and settle one at a time.
 *
 * <p>{@link Fire} runs one tick. It is {@link Idempotent} with the key {@code name@tick}: saving
 * the same tick twice (the runner after a failover, say) finds the first request and never runs it
 * twice; and the state's {@link CronState#lastTick()} refuses a tick at or before the last settled
 * one (also after the request store forgot the request). Whether a late tick still runs is decided
 * here, when it runs, by {@link MissPolicy#runs}: the same rule the runner used when it saved it,
 * so a tick saved before an outage follows the policy too. A tick delivered before an earlier
 * unsettled one settles the earlier ones first, by the same rule, so no tick is lost to a delivery
 * that overtook it.
 */
public final class CronEntity {
  /** The prefix of every schedule's entity type name. */
  public static final String TYPE_PREFIX = "cruster.Cron.";

  private static final Logger LOG = LoggerFactory.getLogger(CronEntity.class);

  /**
   * Room for a whole catch-up burst, so the runner's notifies do not have to wait for the poller.
   */
  private static final int MAILBOX_CAPACITY = MissedTicks.MAX_CATCH_UP_TICKS + 16;

  /** Runs the job for {@code tick} if it is not settled yet and the policy lets it run. */
  @Public
  @Tag("cruster.cron.Fire")
  public record Fire(String schedule, Instant tick) implements Activity<FireOutcome>, Idempotent {
    @Override
    public String idempotencyKey() {
      return schedule + "@" + tick;
    }
  }

  /** Records when the schedule began, unless it has already. Replies whether it did now. */
  @Public
  @Tag("cruster.cron.Begin")
  public record Begin(Instant at) implements Activity<Boolean> {}

  /** The schedule's state. */
  @Tag("cruster.cron.LastFired")
  public record LastFired() implements Rpc<CronState> {}

  /** What became of a {@link Fire}. */
  public enum FireOutcome {
    /** The job ran and returned. */
    RAN,
    /** The job ran and threw; the tick counts as run. */
    FAILED,
    /** The tick was missed and the policy does not run it. */
    SKIPPED,
    /** The tick, or a later one, was settled before. */
    ALREADY_SETTLED
  }

  private final String name;
  private final CronTimes times;
  private final MissPolicy policy;
  private final CronJob job;

  private CronEntity(String name, CronTimes times, MissPolicy policy, CronJob job) {
    this.name = name;
    this.times = times;
    this.policy = policy;
    this.job = job;
  }

  /** The entity type of schedule {@code name}, whose ticks run {@code job}. */
  static EntityType<CronState> define(
      String name, CronTimes times, MissedTicks policy, CronJob job) {
    CronEntity entity = new CronEntity(name, times, MissPolicy.of(policy), job);
    return EntityType.define(TYPE_PREFIX + name, CronState.class)
        .init(ctx -> CronState.INITIAL)
        .activity(Fire.class, entity::onFire)
        .activity(
            Begin.class,
            (ctx, m) -> {
              CronState before = ctx.state();
              ctx.setState(before.begin(m.at()));
              return ctx.state() != before;
            })
        .rpc(LastFired.class, (ctx, m) -> ctx.state())
        .mailboxCapacity(MAILBOX_CAPACITY)
        .register(CronState.class, "cruster.cron.CronState")
        .register(Fire.class, "cruster.cron.Fire")
        .register(Begin.class, "cruster.cron.Begin")
        .register(LastFired.class, "cruster.cron.LastFired")
        .register(FireOutcome.class, "cruster.cron.FireOutcome")
        .build();
  }

  private FireOutcome onFire(ActivityContext<CronState> ctx, Fire fire) {
    CronState state = ctx.state();
    Instant tick = fire.tick();
    if (state.settled(tick)) {
      LOG.debug(
          "cron schedule [{}]: tick {} is settled already (last settled {})",
          name,
          tick,
          state.lastTick().orElseThrow());
      return FireOutcome.ALREADY_SETTLED;
    }
    Instant now = ctx.clock().instant();
    // A tick's delivery can overtake an earlier one's (one delivered by a timer, the other found
    // by the poller of the runner that took the shard over): settle the earlier ones first, as
    // their own deliveries would now, or settling this one would refuse them for good.
    List<Instant> earlier =
        state
            .settledThrough()
            .map(from -> policy.dueToRun(times, from, now))
            .orElse(List.of())
            .stream()
            .filter(t -> t.isBefore(tick))
            .toList();
    if (!earlier.isEmpty()) {
      LOG.info(
          "cron schedule [{}]: tick {} came before earlier unsettled ticks; running those first: {}",
          name,
          tick,
          earlier);
      for (Instant t : earlier) {
        state = run(state, t);
      }
    }
    if (!policy.runs(times, tick, now)) {
      LOG.debug("cron schedule [{}]: tick {} missed (now {}); not run", name, tick, now);
      ctx.setState(state.skip(tick));
      return FireOutcome.SKIPPED;
    }
    CronState after = run(state, tick);
    ctx.setState(after);
    return after.failures() > state.failures() ? FireOutcome.FAILED : FireOutcome.RAN;
  }

  /** Runs the job for {@code tick}; the state with the tick settled as run or failed. */
  private CronState run(CronState state, Instant tick) {
    try {
      job.run(new CronTick(name, tick));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // Recorded, not retried: a job that fails every time must not hold the schedule back, and
      // retrying is the job's call (it knows what is safe to repeat). An interrupted job (its node
      // stopping) counts as failed too.
      LOG.warn(
          "cron schedule [{}]: job failed for tick {}; the tick counts as run and is not retried",
          name,
          tick,
          e);
      return state.failed(tick, e.getClass().getName() + ": " + e.getMessage());
    }
    LOG.debug("cron schedule [{}]: tick {} ran", name, tick);
    return state.ran(tick);
  }
}
