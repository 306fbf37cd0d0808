package io.cruster.samples.cluster;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Public;
import io.cruster.sharding.Workflow;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * A workflow of numbered steps with a durable pause after each. Every step is an activity that
 * inserts a row into {@code step_runs} through {@code ctx.sql()}, in the transaction that commits
 * the step: the rows count how many times each step really ran, whichever runner ran it.
 */
public final class Pipeline {
  public record State(int stepsDone) {}

  /**
   * Runs {@code steps} steps with a pause of {@code pauseMillis} after each; replies with the
   * number of steps.
   */
  @Public
  public record Run(String runId, int steps, long pauseMillis)
      implements Workflow<Integer>, Idempotent {
    @Override
    public String idempotencyKey() {
      return runId;
    }
  }

  public record Step(String runId, int n) implements Activity<Integer> {}

  public static final EntityType<State> TYPE =
      EntityType.define("Pipeline", State.class)
          .init(ctx -> new State(0))
          .workflow(
              Run.class,
              (ctx, m) -> {
                for (int i = 1; i <= m.steps(); i++) {
                  ctx.run(new Step(m.runId(), i));
                  ctx.sleep(Duration.ofMillis(m.pauseMillis()));
                }
                return m.steps();
              })
          .activity(
              Step.class,
              (ctx, m) -> {
                try (PreparedStatement s =
                    ctx.sql()
                        .prepareStatement(
                            "INSERT INTO step_runs (run_id, step, runner, at) VALUES (?, ?, ?, clock_timestamp())")) {
                  s.setString(1, m.runId());
                  s.setInt(2, m.n());
                  s.setString(3, RunnerApp.RUNNER_ID);
                  s.executeUpdate();
                }
                ctx.setState(new State(ctx.state().stepsDone() + 1));
                return m.n();
              })
          .build();

  private Pipeline() {}
}
