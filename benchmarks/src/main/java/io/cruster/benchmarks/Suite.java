package io.cruster.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What every suite's {@code main} shares: its arguments ({@code --quick}, {@code --only=...},
 * {@code --framework=...}, {@code --in-process}), the report table, the guarded measurement of one
 * framework's side of a scenario, and the closing report. A failed side becomes a footnote under
 * the table and a non-zero exit, not an abort.
 *
 * <p>Each side runs in a JVM of its own ({@link Fork}): the suite's JVM forks a child per side and
 * reads back its value; the child is this same main, told which side to run ({@code --fork-side}).
 */
final class Suite {
  /**
   * What Cruster is measured against: {@code id} is the value of {@code --framework=} and the first
   * word (any case) of the {@code what} of its sides; {@code column} heads its column of the table.
   */
  record Peer(String id, String column) {
    static final Peer PEKKO = new Peer("pekko", "Pekko");
    static final Peer JDBC = new Peer("jdbc", "raw JDBC");
    static final Peer GRPC = new Peer("grpc", "raw gRPC");
  }

  private static final int SCENARIO_LIMIT_MINUTES = 5;

  /**
   * A scenario side still running after this long halts the run with a thread dump ({@link Guard}).
   */
  static final Duration SCENARIO_LIMIT = Duration.ofMinutes(SCENARIO_LIMIT_MINUTES);

  private final Class<?> main;
  private final String title;
  private final Peer peer;
  private final boolean quick;
  private final Harness.Settings settings;
  private final Set<String> only;
  private final Set<String> frameworks;
  private final Table table;
  private final List<String> failures = new ArrayList<>();
  private final long start = System.nanoTime();

  /** In a child JVM: the one side it runs, and where its value goes; null in the harness. */
  private final String forkSide;

  private final Path forkResult;
  private final boolean inProcess;

  /** The scenario being run (the child JVMs of its sides run it alone). */
  private String scenario;

  private Suite(
      Class<?> main,
      String title,
      Peer peer,
      boolean quick,
      Set<String> only,
      Set<String> frameworks,
      String forkSide,
      Path forkResult,
      boolean inProcess) {
    this.main = main;
    this.forkSide = forkSide;
    this.forkResult = forkResult;
    this.inProcess = inProcess;
    this.title = title;
    this.peer = peer;
    this.table = new Table(peer.column());
    this.quick = quick;
    this.settings = quick ? Harness.Settings.quick() : Harness.Settings.full();
    this.only = only;
    this.frameworks = frameworks;
  }

  /**
   * Parses the arguments of a suite against Pekko (exits with usage on a bad one) and prints the
   * run's header.
   */
  static Suite parse(Class<?> main, String title, List<String> scenarios, String[] args) {
    return parse(main, title, scenarios, Peer.PEKKO, List.of(), args);
  }

  /**
   * Parses the arguments of suite {@code main}, measured against {@code peer} (exits with usage on
   * a bad one), and prints the run's header; {@code notes} are extra lines of the usage text.
   */
  static Suite parse(
      Class<?> main,
      String title,
      List<String> scenarios,
      Peer peer,
      List<String> notes,
      String[] args) {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(scenarios);
    Set<String> frameworks = new LinkedHashSet<>(List.of("cruster", peer.id()));
    String forkSide = null;
    Path forkResult = null;
    boolean inProcess = false;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--in-process")) {
        inProcess = true;
      } else if (arg.startsWith(Fork.SIDE_ARGUMENT)) {
        forkSide = arg.substring(Fork.SIDE_ARGUMENT.length());
      } else if (arg.startsWith(Fork.RESULT_ARGUMENT)) {
        forkResult = Path.of(arg.substring(Fork.RESULT_ARGUMENT.length()));
      } else if (arg.startsWith("--only=")) {
        only = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
        if (!scenarios.containsAll(only)) {
          usage(
              main,
              scenarios,
              peer,
              notes,
              "unknown scenario in " + arg + "; known: " + String.join(",", scenarios));
        }
      } else if (arg.startsWith("--instrumentation=")) {
        System.setProperty(
            BenchInstrumentation.PROPERTY, arg.substring("--instrumentation=".length()));
        try {
          BenchInstrumentation.mode();
        } catch (IllegalArgumentException e) {
          usage(main, scenarios, peer, notes, e.getMessage());
        }
      } else if (arg.startsWith("--framework=")) {
        frameworks = Set.of(arg.substring("--framework=".length()));
        if (!Set.of("cruster", peer.id()).containsAll(frameworks)) {
          usage(main, scenarios, peer, notes, "unknown framework in " + arg);
        }
      } else {
        usage(
            main,
            scenarios,
            peer,
            notes,
            arg.equals("--help") || arg.equals("-h") ? null : "unknown argument " + arg);
      }
    }
    Suite suite =
        new Suite(main, title, peer, quick, only, frameworks, forkSide, forkResult, inProcess);
    if (forkSide != null) {
      return suite; // a child JVM: the harness printed the header
    }
    System.err.printf(
        Locale.ROOT,
        "%s%s: JDK %s, %d CPUs, max heap %d MB; medians of %d batches; %s; load %s.%n",
        title,
        quick ? " (quick)" : "",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        suite.settings.iterations(),
        inProcess ? "every side in this JVM (--in-process)" : "each side in a JVM of its own",
        ClusterBenchmarks.loadAverage());
    return suite;
  }

  private static void usage(
      Class<?> main, List<String> scenarios, Peer peer, List<String> notes, String problem) {
    if (problem != null) {
      System.err.println(problem);
    }
    System.err.println(
        "usage: "
            + main.getSimpleName()
            + " [--quick] [--in-process] [--only="
            + String.join(",", scenarios)
            + "] [--instrumentation=off|metrics|tracing] [--framework=cruster|"
            + peer.id()
            + "]");
    notes.forEach(System.err::println);
    System.exit(problem == null ? 0 : 2);
  }

  /** Whether this JVM is a forked child running one side (it prints no run-wide messages). */
  boolean isChild() {
    return forkSide != null;
  }

  Harness.Settings settings() {
    return settings;
  }

  boolean quick() {
    return quick;
  }

  /** The scenarios to run, in the order given. */
  Set<String> scenarios() {
    return only;
  }

  /** Runs {@code run} for each scenario to run, in order. */
  void forEachScenario(java.util.function.Consumer<String> run) {
    for (String s : only) {
      scenario = s;
      run.accept(s);
    }
    scenario = null;
  }

  Table table() {
    return table;
  }

  /** Prints the table (and failures) on stdout and exits: 0 if every side ran, 1 otherwise. */
  void finish() {
    if (forkSide != null) {
      Fork.fail(forkResult, "no side named \"" + forkSide + "\" ran in " + main.getSimpleName(), 3);
    }
    System.err.printf(
        Locale.ROOT, "%s done in %.0f s.%n%n", title, (System.nanoTime() - start) / 1e9);
    System.out.println(table.render());
    failures.forEach(f -> System.out.println("- FAILED: " + f));
    System.out.flush();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /**
   * A throughput row: both rates, their ratio, and whether Cruster reached {@code targetRatio} ×
   * the peer.
   */
  void throughputRow(String name, double targetRatio, Double cruster, Double peerRate) {
    double ratio = ratio(cruster, peerRate);
    table.row(
        name,
        count(cruster),
        count(peerRate),
        Format.ratio(ratio),
        target(
            "≥ " + Format.ratio(targetRatio) + " " + peer.column(), ratio >= targetRatio, ratio));
  }

  /** Whether the run measures {@code framework} ({@code cruster} or the peer's id). */
  boolean runs(String framework) {
    return frameworks.contains(framework);
  }

  /** The median rate of one side, or null if it was skipped or failed. */
  Double rate(String what, Callable<Harness.Result> scenario) {
    Harness.Result result = measure(what, scenario);
    return result == null ? null : result.medianRate();
  }

  /**
   * Runs one framework's side of a scenario under a guard; {@code what} starts with the framework's
   * name. Returns null if that framework was not selected or the side failed (the failure is
   * reported under the table).
   */
  @SuppressWarnings({"try", "unchecked"})
  <V> V measure(String what, Callable<V> scenario) {
    if (!frameworks.contains(what.substring(0, what.indexOf(' ')).toLowerCase(Locale.ROOT))) {
      return null;
    }
    if (forkSide != null) {
      if (what.equals(forkSide)) {
        runInChild(what, scenario);
      }
      return null;
    }
    System.err.print(what + " ... ");
    System.err.flush();
    long t0 = System.nanoTime();
    try (Guard guard = inProcess ? Guard.start(what, SCENARIO_LIMIT) : null) {
      V value =
          inProcess ? scenario.call() : (V) Fork.side(main, what, childArgs(), SCENARIO_LIMIT);
      System.err.printf(
          Locale.ROOT, "%s (%.1f s)%n", describe(value), (System.nanoTime() - t0) / 1e9);
      return value;
    } catch (Exception | Error e) {
      System.err.println("FAILED");
      e.printStackTrace();
      failures.add(what + ": " + e);
      return null;
    }
  }

  /** The arguments of a child JVM running one side of the current scenario. */
  private List<String> childArgs() {
    List<String> args = new ArrayList<>();
    args.add("--only=" + scenario);
    if (quick) {
      args.add("--quick");
    }
    return args;
  }

  /** In a child JVM: runs its side under a guard, hands its value over and halts. */
  @SuppressWarnings("try")
  private void runInChild(String what, Callable<?> scenario) {
    Object value;
    try (Guard guard = Guard.start(what, SCENARIO_LIMIT)) {
      value = scenario.call();
    } catch (Exception | Error e) {
      e.printStackTrace();
      Fork.fail(forkResult, e.toString(), 1);
      return;
    }
    Fork.finish(forkResult, value);
  }

  static String target(String target, boolean met, double figure) {
    return Double.isNaN(figure) ? target : target + (met ? " — met" : " — missed");
  }

  static double ratio(Double numerator, Double denominator) {
    return numerator == null || denominator == null ? Double.NaN : numerator / denominator;
  }

  static String count(Double value) {
    return value == null ? "—" : Format.count(value);
  }

  static String micros(Double value) {
    return value == null ? "—" : Format.micros(value);
  }

  private static String describe(Object value) {
    if (value instanceof StorageBenchmarks.Measured m && m.result() != null) {
      return describe(m.result());
    }
    if (value instanceof Harness.Result r) {
      String rates =
          r.samples().get(0).latencies().length > 0
              ? String.format(
                  Locale.ROOT,
                  "median %s/s of %s; p50 %.1f µs, p99 %.1f µs",
                  Format.count(r.medianRate()),
                  r.rates(),
                  r.medianLatencyMicros(0.5),
                  r.medianLatencyMicros(0.99))
              : "median " + Format.count(r.medianRate()) + "/s of " + r.rates();
      double cpu = r.medianCpuMicrosPerOp();
      return Double.isNaN(cpu)
          ? rates
          : rates + String.format(Locale.ROOT, "; CPU %.2f µs per operation (process)", cpu);
    }
    return String.valueOf(value);
  }
}
