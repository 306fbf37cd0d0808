package io.cruster.samples.durability;

import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Workflow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A job, one entity per job id, with three workflows whose activities leave a row in {@code
 * side_effects} through the activity's own transaction ({@code ctx.sql()}): the row commits with
 * the activity's journal entry or not at all, so counting rows per step tells how often each step
 * really ran.
 *
 * <ul>
 *   <li>{@link RunSteps}: four activities, each holding its transaction open for {@link
 *       #STEP_PAUSE} so that a kill often lands inside one;
 *   <li>{@link SleepBetween}: an activity, a durable {@link #NAP}, an activity;
 *   <li>{@link AwaitBetween}: an activity, an await of the deferred {@link #GO}, an activity.
 * </ul>
 *
 * Each workflow is {@link Idempotent} by job id, so calling it again after a crash re-attaches to
 * the same execution. The workflows print {@code STEP <id> <n>} after each step (again on replay),
 * {@code SLEEPING}/{@code WOKE} around the sleep and {@code AWAITING}/{@code AWAITED} around the
 * await.
 */
public final class Job {
  private Job() {}

  /** How many activities of this job committed. */
  public record State(int activities) {}

  /** Runs four activities in a row. */
  public record RunSteps(String id) implements Workflow<String>, Idempotent {
    @Override
    public String idempotencyKey() {
      return "steps/" + id;
    }
  }

  /** Runs an activity, sleeps {@link #NAP} durably, runs another. */
  public record SleepBetween(String id) implements Workflow<String>, Idempotent {
    @Override
    public String idempotencyKey() {
      return "sleep/" + id;
    }
  }

  /** Runs an activity, waits for {@link #GO}, runs another. */
  public record AwaitBetween(String id) implements Workflow<String>, Idempotent {
    @Override
    public String idempotencyKey() {
      return "await/" + id;
    }
  }

  /**
   * Step {@code n} of execution {@code executionId}: records itself, then holds its transaction
   * {@code pauseMillis}.
   */
  record Step(String executionId, int n, int pauseMillis) implements Activity<Integer> {}

  /** The deferred {@link AwaitBetween} waits for. */
  public static final Deferred<Boolean> GO = Deferred.of("go", Boolean.class);

  /** The durable sleep of {@link SleepBetween}. */
  public static final Duration NAP = Duration.ofSeconds(5);

  /** How long each step of {@link RunSteps} keeps its transaction open. */
  static final Duration STEP_PAUSE = Duration.ofMillis(100);

  public static final EntityType<State> TYPE =
      EntityType.define("Job", State.class)
          .init(ctx -> new State(0))
          .workflow(
              RunSteps.class,
              (ctx, m) -> {
                for (int n = 1; n <= 4; n++) {
                  ctx.run(new Step(ctx.executionId(), n, (int) STEP_PAUSE.toMillis()));
                  Events.emit("STEP", m.id(), n);
                }
                return "4-steps " + ctx.executionId();
              })
          .workflow(
              SleepBetween.class,
              (ctx, m) -> {
                ctx.run(new Step(ctx.executionId(), 1, 0));
                Events.emit("STEP", m.id(), 1);
                if (!ctx.isReplaying()) {
                  // Printed just before the sleep step is journaled, so the sleep ends no earlier
                  // than this + NAP.
                  Events.emit("SLEEPING", m.id(), ctx.clock().millis());
                }
                ctx.sleep(NAP);
                Events.emit("WOKE", m.id(), ctx.clock().millis());
                ctx.run(new Step(ctx.executionId(), 2, 0));
                Events.emit("STEP", m.id(), 2);
                return "slept " + ctx.executionId();
              })
          .workflow(
              AwaitBetween.class,
              (ctx, m) -> {
                ctx.run(new Step(ctx.executionId(), 1, 0));
                Events.emit("STEP", m.id(), 1);
                Events.emit("AWAITING", m.id());
                boolean go = ctx.await(GO);
                Events.emit("AWAITED", m.id(), go);
                ctx.run(new Step(ctx.executionId(), 2, 0));
                Events.emit("STEP", m.id(), 2);
                return "awaited-" + go + " " + ctx.executionId();
              })
          .activity(Step.class, Job::onStep)
          .build();

  private static Integer onStep(ActivityContext<State> ctx, Step m) throws SQLException {
    try (PreparedStatement insert =
        ctx.sql()
            .prepareStatement(
                "INSERT INTO side_effects (entity_id, execution_id, step) VALUES (?, ?, ?)")) {
      insert.setString(1, ctx.entityId());
      insert.setString(2, m.executionId());
      insert.setInt(3, m.n());
      insert.executeUpdate();
    }
    if (m.pauseMillis() > 0) {
      try (PreparedStatement pause = ctx.sql().prepareStatement("SELECT pg_sleep(?)")) {
        pause.setDouble(1, m.pauseMillis() / 1000.0);
        pause.execute();
      }
    }
    ctx.setState(new State(ctx.state().activities() + 1));
    return m.n();
  }
}
