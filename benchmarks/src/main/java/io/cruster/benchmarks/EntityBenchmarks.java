package io.cruster.benchmarks;

import io.cruster.benchmarks.EntityCallsCruster.Shape;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The entity benchmarks: Cruster's {@code SingleRunner} (in-memory storage) and Pekko Cluster
 * Sharding typed on a one-node cluster, side by side. Prints a markdown table on stdout; progress
 * and per-batch figures go to stderr. {@code scripts/bench entities [--quick]} builds and runs it.
 *
 * <p>Method as in {@link ActorBenchmarks} (the same {@link Harness} and {@link Suite}): scenario by
 * scenario, Cruster then Pekko, each in a fresh runner or actor system closed afterwards; warm-up
 * with calibration (at least {@link #MIN_WARMUP}, also with {@code --quick}), then the median of 5
 * batches (3 with {@code --quick}); every wait bounded.
 *
 * <pre>
 * java -cp benchmarks.jar io.cruster.benchmarks.EntityBenchmarks [--quick] [--only=a,b] [--framework=cruster|pekko]
 * </pre>
 *
 * Scenarios ({@code --only}):
 *
 * <ul>
 *   <li>rpc: {@value EntityCallsCruster#CALLERS} virtual threads making blocking calls, spread over
 *       {@value EntityCallsCruster#ENTITIES} entities: {@code client.call(id, new GetCount())}
 *       against {@code AskPattern.ask(entityRef, GetCount::new, ...)}.
 *   <li>activity: the same callers and entities with a state-changing message: Cruster's
 *       {@code @Public} activity {@code Increment} (request saved, state and result committed, in
 *       memory) against a Pekko command that changes the actor's in-memory count.
 *   <li>workflow: Cruster only, a workflow of {@value WorkflowCruster#STEPS} {@code
 *       ctx.run(activity)} steps.
 *   <li>activation: the same callers, each call to a fresh entity id, so each call activates an
 *       entity.
 * </ul>
 */
public final class EntityBenchmarks {
  static final List<String> SCENARIOS = List.of("rpc", "activity", "workflow", "activation");

  /** The sides of the activity scenario (the durable and smoke suites run them too). */
  static final String ACTIVITY_CRUSTER = "Cruster entity activity";

  static final String ACTIVITY_PEKKO = "Pekko entity command";

  /**
   * Warm-up of each side, also with {@code --quick}: a fresh Pekko node spends its first second or
   * two allocating shards through the coordinator and compiling the sharding path (a 1 s warm-up
   * left Pekko's first scenario at a third of its steady rate), and Cruster's first activations are
   * as cold.
   */
  static final Duration MIN_WARMUP = Duration.ofSeconds(3);

  private final Suite suite;

  private EntityBenchmarks(Suite suite) {
    this.suite = suite;
  }

  public static void main(String[] args) {
    EntityBenchmarks bench =
        new EntityBenchmarks(
            Suite.parse(EntityBenchmarks.class, "Entity benchmarks", SCENARIOS, args));
    bench.suite.forEachScenario(bench::run);
    bench.suite.finish();
  }

  private void run(String scenario) {
    Harness.Settings s = suite.settings().withWarmupAtLeast(MIN_WARMUP);
    String callers = String.format(Locale.ROOT, "%d callers", EntityCallsCruster.CALLERS);
    String entities = String.format(Locale.ROOT, "%,d entities", EntityCallsCruster.ENTITIES);
    switch (scenario) {
      case "rpc" ->
          suite.throughputRow(
              "entity rpc, one node, " + callers + " over " + entities + " (calls/s)",
              1.0,
              suite.rate(
                  "Cruster entity rpc",
                  () -> Harness.calibrated(() -> EntityCallsCruster.open(Shape.RPC), 1_000, s)),
              suite.rate(
                  "Pekko entity rpc",
                  () -> Harness.calibrated(() -> EntityCallsPekko.open(Shape.RPC), 1_000, s)));
      case "activity" ->
          suite.throughputRow(
              "entity public activity, one node, in-memory storage, "
                  + callers
                  + " over "
                  + entities
                  + " (calls/s; Pekko: state-changing command, not persisted)",
              1.0,
              suite.rate(
                  ACTIVITY_CRUSTER,
                  () ->
                      Harness.calibrated(() -> EntityCallsCruster.open(Shape.ACTIVITY), 1_000, s)),
              suite.rate(
                  ACTIVITY_PEKKO,
                  () -> Harness.calibrated(() -> EntityCallsPekko.open(Shape.ACTIVITY), 1_000, s)));
      case "workflow" ->
          workflowRows(
              suite.measure(
                  "Cruster workflow", () -> Harness.calibrated(WorkflowCruster::open, 10, s)));
      case "activation" ->
          suite.throughputRow(
              "entity activations, one node, "
                  + callers
                  + ", each call to a fresh id (activations/s)",
              1.0,
              suite.rate(
                  "Cruster entity activation",
                  () ->
                      Harness.calibrated(
                          () -> EntityCallsCruster.open(Shape.ACTIVATION), 1_000, s)),
              suite.rate(
                  "Pekko entity activation",
                  () ->
                      Harness.calibrated(() -> EntityCallsPekko.open(Shape.ACTIVATION), 1_000, s)));
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void workflowRows(Harness.Result cruster) {
    String shape =
        String.format(
            Locale.ROOT,
            "workflow of %d ctx.run(activity) steps, in-memory storage",
            WorkflowCruster.STEPS);
    suite
        .table()
        .row(
            shape + " (steps/s)",
            Suite.count(cruster == null ? null : cruster.medianRate()),
            "—",
            "—",
            "—");
    Double p50 = cruster == null ? null : cruster.medianLatencyMicros(0.50);
    Double p99 = cruster == null ? null : cruster.medianLatencyMicros(0.99);
    suite
        .table()
        .row(
            shape + ", one step p50 / p99 (µs)",
            Suite.micros(p50) + " / " + Suite.micros(p99),
            "—",
            "—",
            Suite.target(
                "p50 ≤ 1 ms", p50 != null && p50 <= 1_000, p50 == null ? Double.NaN : p50));
  }
}
