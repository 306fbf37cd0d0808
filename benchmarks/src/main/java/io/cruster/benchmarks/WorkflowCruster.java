package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.persistence.Storages;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Workflow;

/**
 * Workflow steps on Cruster: the harness's thread calls a workflow of {@value #STEPS} journaled
 * {@code ctx.run(activity)} steps, one workflow at a time, on a {@link SingleRunner} with in-memory
 * storage ({@link #open()}, the entity suite) or on PostgreSQL ({@link #onPostgres}, the storage
 * suite). Each step is timed inside the workflow, so the figures are steps/s and the latency of one
 * step (journal entry, state and result committed) as the workflow sees it.
 */
final class WorkflowCruster implements Workload {
  static final int STEPS = 100;
  private static final String ID = "pipeline-0";

  /** Latencies are kept per step, so a batch is capped to bound the sample array. */
  private static final long MAX_STEPS = 5_000_000;

  record PipelineState(long steps) {}

  /** One step: counts itself in the state, so the steps that ran can be checked. */
  record Step() implements Activity<Long> {}

  record RunSteps(int steps) implements Workflow<Integer> {}

  record GetSteps() implements Rpc<Long> {}

  private static final Step STEP = new Step();

  private final String label;
  private final SingleRunner runner;
  private final EntityClient pipelines;

  /** Written by the one running workflow, read by the harness's thread after the call returned. */
  private long[] latencies = new long[0];

  private int recorded;
  private long stepsRun;

  private WorkflowCruster(String label, SingleRunner.Builder builder) {
    this.label = label;
    EntityType<PipelineState> pipeline =
        EntityType.define("Pipeline", PipelineState.class)
            .init(ctx -> new PipelineState(0))
            .activity(
                Step.class,
                (ctx, m) -> {
                  ctx.setState(new PipelineState(ctx.state().steps() + 1));
                  return ctx.state().steps();
                })
            .workflow(
                RunSteps.class,
                (ctx, m) -> {
                  for (int i = 0; i < m.steps(); i++) {
                    long t0 = System.nanoTime();
                    ctx.run(STEP);
                    record(System.nanoTime() - t0);
                  }
                  return m.steps();
                })
            .rpc(GetSteps.class, (ctx, m) -> ctx.state().steps())
            .build();
    runner = builder.build();
    try {
      pipelines = runner.register(pipeline);
      runner.start();
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  /** On in-memory storage. */
  static Workload open() {
    return new WorkflowCruster(
        "Cruster workflow", SingleRunner.builder().storage(Storages.inMemory()));
  }

  /** On the PostgreSQL database at {@code jdbcUrl} (the runner applies its migrations there). */
  static Workload onPostgres(String jdbcUrl) {
    return new WorkflowCruster(
        "Cruster workflow on PostgreSQL", SingleRunner.builder().jdbcUrl(jdbcUrl));
  }

  private void record(long nanos) {
    if (recorded < latencies.length) {
      latencies[recorded++] = nanos;
    }
  }

  /**
   * Runs {@code n} workflows of {@value #STEPS} steps each (fewer if that would pass {@link
   * #MAX_STEPS}).
   */
  @Override
  public Sample run(long n) {
    long workflows = Math.max(1, Math.min(n, MAX_STEPS / STEPS));
    latencies = new long[(int) (workflows * STEPS)];
    recorded = 0;
    long start = System.nanoTime();
    for (long i = 0; i < workflows; i++) {
      Integer steps = pipelines.call(ID, new RunSteps(STEPS));
      if (steps == null || steps != STEPS) {
        throw new ScenarioFailedException(label + ": RunSteps(" + STEPS + ") returned " + steps);
      }
    }
    long elapsed = System.nanoTime() - start;
    stepsRun += workflows * STEPS;
    long counted = pipelines.call(ID, new GetSteps());
    if (counted != stepsRun || recorded != latencies.length) {
      throw new ScenarioFailedException(
          label
              + ": "
              + stepsRun
              + " steps called, "
              + counted
              + " counted by the entity, "
              + recorded
              + " timed in the workflow");
    }
    return new Sample(workflows * STEPS, elapsed, latencies);
  }

  @Override
  public void close() {
    runner.close();
  }
}
