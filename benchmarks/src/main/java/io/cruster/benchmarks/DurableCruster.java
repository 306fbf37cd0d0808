package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.DurableApp;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.Probe;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.internal.Models;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Cruster's side of the durable benchmarks ({@link DurableBenchmarks}), in a process of its own: a
 * {@link SingleRunner} on the PostgreSQL database {@code --db} (it applies its migrations there;
 * its pool's connections count their round trips). The flow is a workflow of the {@code BenchFlow}
 * entity whose id is the flow's id (so each flow is a fresh entity, as an order or a payment would
 * be), each step a {@code ctx.run} of an activity of that entity; the nap a workflow of the same
 * type around {@code ctx.sleep}; the tally a {@code @Public} activity of the {@code BenchTally}
 * entity of its key, sent with {@code notify}, which counts and sums into the entity's state.
 */
final class DurableCruster implements DurableApp {
  /** The flow entity keeps no state of its own. */
  record FlowState() {}

  /** Step {@code i} of the flow: returns {@link Probe#stepOutput}. */
  record Step(int i) implements Activity<String> {}

  record Flow(int steps) implements Workflow<String> {}

  record Nap(long millis) implements Workflow<Boolean> {}

  record TallyState(long count, long sum) {}

  @Public
  record Record(long n) implements Activity<Long> {}

  static final EntityType<FlowState> FLOW =
      EntityType.define("BenchFlow", FlowState.class)
          .init(ctx -> new FlowState())
          .activity(Step.class, (ctx, m) -> Probe.stepOutput(ctx.entityId(), m.i()))
          .workflow(
              Flow.class,
              (ctx, m) -> {
                String out = null;
                for (int i = 0; i < m.steps(); i++) {
                  long t0 = System.nanoTime();
                  out = ctx.run(new Step(i));
                  Probe.stepDone(i, t0);
                }
                Probe.finished(ctx.entityId());
                return out;
              })
          .workflow(
              Nap.class,
              (ctx, m) -> {
                Probe.sleeping(ctx.entityId());
                ctx.sleep(Duration.ofMillis(m.millis()));
                Probe.woke(ctx.entityId());
                return true;
              })
          .build();

  static final EntityType<TallyState> TALLY =
      EntityType.define("BenchTally", TallyState.class)
          .init(ctx -> new TallyState(0, 0))
          .activity(
              Record.class,
              (ctx, m) -> {
                TallyState t = ctx.state();
                ctx.setState(new TallyState(t.count() + 1, t.sum() + m.n()));
                Probe.handled();
                return t.count() + 1;
              })
          .build();

  private final SingleRunner runner;
  private final EntityClient flows;
  private final EntityClient tallies;

  private DurableCruster(String jdbcUrl) {
    runner =
        SingleRunner.builder()
            .jdbcUrl(BenchDatabase.withParameter(jdbcUrl, CountingSocketFactory.URL_PARAMETER))
            .build();
    try {
      flows = runner.register(FLOW);
      tallies = runner.register(TALLY);
      runner.start();
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  public static void main(String[] args) {
    PeerMain.run("Cruster", args, options -> new DurableCruster(options.require("db")));
  }

  /** The bytes of one tally's message as Cruster stores it (the JDBC peer's rows are as long). */
  static int tallyPayloadBytes() {
    return Models.of(TALLY).serializer().toBytes(new Record(1_000_000)).length;
  }

  @Override
  public String runFlow(String id, int steps) {
    return flows.call(id, new Flow(steps));
  }

  @Override
  public void startFlow(String id, int steps) {
    flows.notify(id, new Flow(steps));
  }

  @Override
  public void startNap(String id, Duration duration) {
    flows.notify(id, new Nap(duration.toMillis()));
  }

  @Override
  public void tally(String key, long n) {
    tallies.notify(key, new Record(n));
  }

  @Override
  public OptionalLong roundTrips() {
    return OptionalLong.of(CountingSocketFactory.roundTrips());
  }

  @Override
  public void close() {
    runner.close();
  }
}
