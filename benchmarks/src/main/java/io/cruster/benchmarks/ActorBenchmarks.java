package io.cruster.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The actor benchmarks: Cruster and Pekko typed side by side. Prints a markdown table on stdout; progress
 * and per-batch figures go to stderr. {@code scripts/bench actors [--quick]} builds and runs it.
 *
 * <p>Method: scenario by scenario, Cruster then Pekko, each in a fresh actor system terminated afterwards
 * (heap per idle actor: a fresh JVM per framework). Each side warms up for a few seconds while the batch
 * size is calibrated to about a second, then runs 5 measured batches (3 with {@code --quick}); the table
 * shows the median. Every wait is bounded: a stuck batch fails its cell with a message, and a scenario
 * still running after {@value #SCENARIO_LIMIT_MINUTES} minutes halts the run with a thread dump.
 *
 * <pre>java -cp benchmarks.jar io.cruster.benchmarks.ActorBenchmarks [--quick] [--only=a,b] [--framework=cruster|pekko]</pre>
 *
 * Scenarios ({@code --only}): pingpong1, pingpong4, fanout, ask, blocking, heap, spawn.
 */
public final class ActorBenchmarks {
  static final List<String> SCENARIOS = List.of("pingpong1", "pingpong4", "fanout", "ask", "blocking", "heap", "spawn");
  private static final int SCENARIO_LIMIT_MINUTES = 5;
  private static final Duration SCENARIO_LIMIT = Duration.ofMinutes(SCENARIO_LIMIT_MINUTES);

  private final Harness.Settings settings;
  private final Set<String> frameworks;
  private final Table table = new Table();
  private final List<String> failures = new ArrayList<>();

  private ActorBenchmarks(Harness.Settings settings, Set<String> frameworks) {
    this.settings = settings;
    this.frameworks = frameworks;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(SCENARIOS);
    Set<String> frameworks = new LinkedHashSet<>(List.of("cruster", "pekko"));
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--only=")) {
        only = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
        if (!SCENARIOS.containsAll(only)) {
          usage("unknown scenario in " + arg + "; known: " + String.join(",", SCENARIOS));
        }
      } else if (arg.startsWith("--framework=")) {
        frameworks = Set.of(arg.substring("--framework=".length()));
        if (!Set.of("cruster", "pekko").containsAll(frameworks)) {
          usage("unknown framework in " + arg);
        }
      } else {
        usage(arg.equals("--help") || arg.equals("-h") ? null : "unknown argument " + arg);
      }
    }
    ActorBenchmarks bench = new ActorBenchmarks(quick ? Harness.Settings.quick() : Harness.Settings.full(), frameworks);
    long start = System.nanoTime();
    System.err.printf(Locale.ROOT, "Actor benchmarks%s: JDK %s, %d CPUs, max heap %d MB; medians of %d batches.%n",
        quick ? " (quick)" : "", Runtime.version(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, bench.settings.iterations());
    for (String scenario : only) {
      bench.run(scenario);
    }
    System.err.printf(Locale.ROOT, "Done in %.0f s.%n%n", (System.nanoTime() - start) / 1e9);
    System.out.println(bench.table.render());
    bench.failures.forEach(f -> System.out.println("- FAILED: " + f));
    System.out.flush();
    System.exit(bench.failures.isEmpty() ? 0 : 1);
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println(problem);
    }
    System.err.println("usage: ActorBenchmarks [--quick] [--only=" + String.join(",", SCENARIOS) + "] [--framework=cruster|pekko]");
    System.exit(problem == null ? 0 : 2);
  }

  private void run(String scenario) {
    Harness.Settings s = settings;
    switch (scenario) {
      case "pingpong1" -> throughputRow("ping-pong, 1 pair (msg/s)", 2.0,
          rate("Cruster ping-pong 1 pair", () -> Harness.calibrated(() -> PingPongCruster.open(1), 10_000, s)),
          rate("Pekko ping-pong 1 pair", () -> Harness.calibrated(() -> PingPongPekko.open(1), 10_000, s)));
      case "pingpong4" -> throughputRow("ping-pong, 4 pairs (msg/s, total)", 2.0,
          rate("Cruster ping-pong 4 pairs", () -> Harness.calibrated(() -> PingPongCruster.open(4), 10_000, s)),
          rate("Pekko ping-pong 4 pairs", () -> Harness.calibrated(() -> PingPongPekko.open(4), 10_000, s)));
      case "fanout" -> throughputRow("fan-out 1 → 1,000 → replies (msg/s, both directions)", 1.0,
          rate("Cruster fan-out", () -> Harness.calibrated(FanOutCruster::open, 10, s)),
          rate("Pekko fan-out", () -> Harness.calibrated(FanOutPekko::open, 10, s)));
      case "ask" -> askRows(
          measure("Cruster ask", () -> Harness.calibrated(AskCruster::open, 1_000, s)),
          measure("Pekko ask", () -> Harness.calibrated(AskPekko::open, 1_000, s)));
      case "blocking" -> blockingRow(
          rate("Cruster blocking handlers", () -> Harness.calibrated(BlockingCruster::open, 1, s)),
          rate("Pekko blocking handlers, default dispatcher",
              () -> Harness.calibrated(BlockingPekko::openDefaultDispatcher, 1, s)),
          rate("Pekko blocking handlers, virtual-thread-executor",
              () -> Harness.calibrated(BlockingPekko::openVirtualThreads, 1, s)));
      case "heap" -> heapRow(
          measure("Cruster idle heap", () -> IdleHeap.measureInFork("cruster", s.heapActors())),
          measure("Pekko idle heap", () -> IdleHeap.measureInFork("pekko", s.heapActors())));
      case "spawn" -> throughputRow(String.format(Locale.ROOT, "spawn %,d actors (actors/s)", s.spawnActors()), 1.0,
          rate("Cruster spawn", () -> Harness.fixed(SpawnCruster::open, s.spawnActors() / 5, s.spawnActors(), s.spawnIterations(), s)),
          rate("Pekko spawn", () -> Harness.fixed(SpawnPekko::open, s.spawnActors() / 5, s.spawnActors(), s.spawnIterations(), s)));
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void throughputRow(String name, double targetRatio, Double cruster, Double pekko) {
    double ratio = ratio(cruster, pekko);
    table.row(name, count(cruster), count(pekko), Format.ratio(ratio),
        target("≥ " + Format.ratio(targetRatio) + " Pekko", ratio >= targetRatio, ratio));
  }

  private void askRows(Harness.Result cruster, Harness.Result pekko) {
    Double c50 = cruster == null ? null : cruster.medianLatencyMicros(0.50);
    Double p50 = pekko == null ? null : pekko.medianLatencyMicros(0.50);
    Double c99 = cruster == null ? null : cruster.medianLatencyMicros(0.99);
    Double p99 = pekko == null ? null : pekko.medianLatencyMicros(0.99);
    double ratio50 = ratio(p50, c50);
    table.row("ask from outside, p50 (µs)", micros(c50), micros(p50),
        Format.ratio(ratio50) + " (Pekko/Cruster: > 1 is better for Cruster)",
        target("≤ Pekko", ratio50 >= 1.0, ratio50));
    double ratio99 = ratio(p99, c99);
    table.row("ask from outside, p99 (µs)", micros(c99), micros(p99),
        Format.ratio(ratio99) + " (Pekko/Cruster: > 1 is better for Cruster)", "—");
  }

  private void blockingRow(Double cruster, Double pekkoDefault, Double pekkoVirtual) {
    double ratio = ratio(cruster, pekkoVirtual);
    table.row("1,000 actors, handler blocks 1 ms (msg/s)", count(cruster),
        count(pekkoVirtual) + " virtual-thread-executor; " + count(pekkoDefault) + " default dispatcher",
        Format.ratio(ratio) + " (vs virtual-thread-executor)",
        target("≥ 1.00× Pekko on virtual threads", ratio >= 1.0, ratio));
  }

  private void heapRow(Double cruster, Double pekko) {
    double ratio = ratio(cruster, pekko);
    table.row(String.format(Locale.ROOT, "heap per idle actor, %,d actors (bytes)", settings.heapActors()),
        cruster == null ? "—" : Format.bytes(cruster), pekko == null ? "—" : Format.bytes(pekko),
        Format.ratio(ratio) + " (< 1 is better for Cruster)",
        target("≤ 200 B", cruster != null && cruster <= 200, cruster == null ? Double.NaN : cruster));
  }

  private static String target(String target, boolean met, double figure) {
    return Double.isNaN(figure) ? target : target + (met ? " — met" : " — missed");
  }

  private static double ratio(Double numerator, Double denominator) {
    return numerator == null || denominator == null ? Double.NaN : numerator / denominator;
  }

  private static String count(Double value) {
    return value == null ? "—" : Format.count(value);
  }

  private static String micros(Double value) {
    return value == null ? "—" : Format.micros(value);
  }

  private Double rate(String what, Callable<Harness.Result> scenario) {
    Harness.Result result = measure(what, scenario);
    return result == null ? null : result.medianRate();
  }

  /** Runs one framework's side of a scenario under a guard; a failure becomes a footnote, not an abort. */
  @SuppressWarnings("try")
  private <V> V measure(String what, Callable<V> scenario) {
    if (!frameworks.contains(what.substring(0, what.indexOf(' ')).toLowerCase(Locale.ROOT))) {
      return null;
    }
    System.err.print(what + " ... ");
    System.err.flush();
    long start = System.nanoTime();
    try (Guard guard = Guard.start(what, SCENARIO_LIMIT)) {
      V value = scenario.call();
      System.err.printf(Locale.ROOT, "%s (%.1f s)%n", describe(value), (System.nanoTime() - start) / 1e9);
      return value;
    } catch (Exception | Error e) {
      System.err.println("FAILED");
      e.printStackTrace();
      failures.add(what + ": " + e);
      return null;
    }
  }

  private static String describe(Object value) {
    if (value instanceof Harness.Result r) {
      return r.samples().get(0).latencies().length > 0
          ? String.format(Locale.ROOT, "p50 %.1f µs, p99 %.1f µs", r.medianLatencyMicros(0.5), r.medianLatencyMicros(0.99))
          : "median " + Format.count(r.medianRate()) + "/s of " + r.rates();
    }
    return String.valueOf(value);
  }
}
