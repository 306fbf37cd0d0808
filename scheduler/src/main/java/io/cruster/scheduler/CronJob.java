package io.cruster.scheduler;

/**
 * What a schedule runs at each tick. Runs on a virtual thread of the node that hosts the schedule's
 * entity and may block (JDBC, HTTP); the ticks of one schedule run one at a time, in order, so a
 * job that runs longer than the schedule's period delays the next tick instead of overlapping it.
 *
 * <p>A job that throws is logged at WARN and recorded with its schedule; the tick still counts as
 * run and is not retried (the next tick runs as usual). Retry inside the job if a tick must not be
 * lost to a passing failure.
 *
 * <p>Each tick is settled once, even across failovers; but a node that dies while the job is
 * running has not recorded the tick, so the node that takes over runs it again. Make side effects
 * idempotent, keyed by {@link CronTick#scheduledAt()}.
 */
@FunctionalInterface
public interface CronJob {

  /** Runs the job for {@code tick}; may block. */
  void run(CronTick tick) throws Exception;
}
