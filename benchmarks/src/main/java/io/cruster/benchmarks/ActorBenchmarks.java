package io.cruster.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * The actor benchmarks: Cruster and Pekko typed side by side. Prints a markdown table on stdout;
 * progress and per-batch figures go to stderr. {@code scripts/bench actors [--quick]} builds and
 * runs it.
 *
 * <p>Method: scenario by scenario, Cruster then Pekko, each in a fresh actor system terminated
 * afterwards (heap per idle actor: a fresh JVM per framework). Each side warms up for a few seconds
 * while the batch size is calibrated to about a second, then runs 5 measured batches (3 with {@code
 * --quick}); the table shows the median. Every wait is bounded: a stuck batch fails its cell with a
 * message, and a scenario still running after {@link Suite#SCENARIO_LIMIT} halts the run with a
 * thread dump.
 *
 * <pre>
 * java -cp benchmarks.jar io.cruster.benchmarks.ActorBenchmarks [--quick] [--only=a,b] [--framework=cruster|pekko]
 * </pre>
 *
 * Scenarios ({@code --only}): pingpong1, pingpong4, fanout, ask, blocking, heap, spawn.
 */
public final class ActorBenchmarks {
  static final List<String> SCENARIOS =
      List.of("pingpong1", "pingpong4", "fanout", "ask", "blocking", "heap", "spawn");

  /** The sides of the one-pair ping-pong (the smoke suite runs them too). */
  static final String PINGPONG1_CRUSTER = "Cruster ping-pong 1 pair";

  static final String PINGPONG1_PEKKO = "Pekko ping-pong 1 pair";

  private final Suite suite;
  private final Table table;

  private ActorBenchmarks(Suite suite) {
    this.suite = suite;
    this.table = suite.table();
  }

  public static void main(String[] args) {
    ActorBenchmarks bench =
        new ActorBenchmarks(
            Suite.parse(ActorBenchmarks.class, "Actor benchmarks", SCENARIOS, args));
    bench.suite.forEachScenario(bench::run);
    bench.suite.finish();
  }

  private void run(String scenario) {
    Harness.Settings s = suite.settings();
    switch (scenario) {
      case "pingpong1" ->
          suite.throughputRow(
              "ping-pong, 1 pair (msg/s)",
              2.0,
              suite.rate(
                  PINGPONG1_CRUSTER,
                  () -> Harness.calibrated(() -> PingPongCruster.open(1), 10_000, s)),
              suite.rate(
                  PINGPONG1_PEKKO,
                  () -> Harness.calibrated(() -> PingPongPekko.open(1), 10_000, s)));
      case "pingpong4" ->
          suite.throughputRow(
              "ping-pong, 4 pairs (msg/s, total)",
              2.0,
              suite.rate(
                  "Cruster ping-pong 4 pairs",
                  () -> Harness.calibrated(() -> PingPongCruster.open(4), 10_000, s)),
              suite.rate(
                  "Pekko ping-pong 4 pairs",
                  () -> Harness.calibrated(() -> PingPongPekko.open(4), 10_000, s)));
      case "fanout" ->
          suite.throughputRow(
              "fan-out 1 → 1,000 → replies (msg/s, both directions)",
              1.0,
              suite.rate("Cruster fan-out", () -> Harness.calibrated(FanOutCruster::open, 10, s)),
              suite.rate("Pekko fan-out", () -> Harness.calibrated(FanOutPekko::open, 10, s)));
      case "ask" ->
          askRows(
              suite.measure("Cruster ask", () -> Harness.calibrated(AskCruster::open, 1_000, s)),
              suite.measure("Pekko ask", () -> Harness.calibrated(AskPekko::open, 1_000, s)));
      case "blocking" ->
          blockingRow(
              suite.rate(
                  "Cruster blocking handlers",
                  () -> Harness.calibrated(BlockingCruster::open, 1, s)),
              suite.rate(
                  "Pekko blocking handlers, default dispatcher",
                  () -> Harness.calibrated(BlockingPekko::openDefaultDispatcher, 1, s)),
              suite.rate(
                  "Pekko blocking handlers, virtual-thread-executor",
                  () -> Harness.calibrated(BlockingPekko::openVirtualThreads, 1, s)));
      case "heap" ->
          heapRow(
              suite.measure(
                  "Cruster idle heap", () -> IdleHeap.measureInFork("cruster", s.heapActors())),
              suite.measure(
                  "Pekko idle heap", () -> IdleHeap.measureInFork("pekko", s.heapActors())));
      case "spawn" ->
          suite.throughputRow(
              String.format(Locale.ROOT, "spawn %,d actors (actors/s)", s.spawnActors()),
              1.0,
              suite.rate(
                  "Cruster spawn",
                  () ->
                      Harness.fixed(
                          SpawnCruster::open,
                          s.spawnActors() / 5,
                          s.spawnActors(),
                          s.spawnIterations(),
                          s)),
              suite.rate(
                  "Pekko spawn",
                  () ->
                      Harness.fixed(
                          SpawnPekko::open,
                          s.spawnActors() / 5,
                          s.spawnActors(),
                          s.spawnIterations(),
                          s)));
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void askRows(Harness.Result cruster, Harness.Result pekko) {
    Double c50 = cruster == null ? null : cruster.medianLatencyMicros(0.50);
    Double p50 = pekko == null ? null : pekko.medianLatencyMicros(0.50);
    Double c99 = cruster == null ? null : cruster.medianLatencyMicros(0.99);
    Double p99 = pekko == null ? null : pekko.medianLatencyMicros(0.99);
    double ratio50 = Suite.ratio(p50, c50);
    table.row(
        "ask from outside, p50 (µs)",
        Suite.micros(c50),
        Suite.micros(p50),
        Format.ratio(ratio50) + " (Pekko/Cruster: > 1 is better for Cruster)",
        Suite.target("≤ Pekko", ratio50 >= 1.0, ratio50));
    double ratio99 = Suite.ratio(p99, c99);
    table.row(
        "ask from outside, p99 (µs)",
        Suite.micros(c99),
        Suite.micros(p99),
        Format.ratio(ratio99) + " (Pekko/Cruster: > 1 is better for Cruster)",
        "—");
  }

  private void blockingRow(Double cruster, Double pekkoDefault, Double pekkoVirtual) {
    double ratio = Suite.ratio(cruster, pekkoVirtual);
    table.row(
        "1,000 actors, handler blocks 1 ms (msg/s)",
        Suite.count(cruster),
        Suite.count(pekkoVirtual)
            + " virtual-thread-executor; "
            + Suite.count(pekkoDefault)
            + " default dispatcher",
        Format.ratio(ratio) + " (vs virtual-thread-executor)",
        Suite.target("≥ 1.00× Pekko on virtual threads", ratio >= 1.0, ratio));
  }

  private void heapRow(Double cruster, Double pekko) {
    double ratio = Suite.ratio(cruster, pekko);
    table.row(
        String.format(
            Locale.ROOT, "heap per idle actor, %,d actors (bytes)", suite.settings().heapActors()),
        cruster == null ? "—" : Format.bytes(cruster),
        pekko == null ? "—" : Format.bytes(pekko),
        Format.ratio(ratio) + " (< 1 is better for Cruster)",
        Suite.target(
            "≤ 200 B", cruster != null && cruster <= 200, cruster == null ? Double.NaN : cruster));
  }
}
