package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.ResultFile;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The durable-execution benchmarks: Cruster ({@code SingleRunner} on PostgreSQL) side by side with
 * DBOS Transact Java on the same PostgreSQL server, a Restate server with a Restate Java SDK
 * service, and raw JDBC, each in processes of its own that the harness starts and stops ({@link
 * PeerProcess}, {@link RestateServer}); every PostgreSQL side gets a fresh database on the server
 * of {@code CRUSTER_PG_URL}, dropped afterwards. Prints a markdown table on stdout, then every
 * missed target of issue 12 with its figure, then {@code targets: N of M met}; progress goes to
 * stderr. {@code scripts/bench durable [--quick]} builds, installs the Restate server and runs it.
 *
 * <p>The workloads are the same for every framework ({@link PeerMain}, {@link
 * io.cruster.benchmarks.peer.DurableApp} says what each program does):
 *
 * <ul>
 *   <li>throughput: workflows of 3 steps with small payloads, {@value PeerMain#CLIENTS} concurrent
 *       clients, end to end; workflows/s and p50/p99.
 *   <li>step: one client, each step timed inside the workflow; p50/p99, and round trips and write
 *       transactions per step where the side's connections count them.
 *   <li>sleep: {@value PeerMain#NAPS} workflows each sleeping {@value PeerMain#NAP_SECONDS} s
 *       durably; wake-up lag after the deadline, p50/p99.
 *   <li>notify: persisted one-way messages from {@value PeerMain#NOTIFY_CALLERS} clients over
 *       {@value PeerMain#NOTIFY_KEYS} keys until each is handled; raw JDBC: batched inserts of as
 *       many bytes, 100 per commit, one thread.
 *   <li>recovery: {@value #RECOVERY_FLOWS} workflows of 3 steps started and stopped after their
 *       first step, {@code kill -9} of the process (and of the Restate server), restart; time from
 *       the restart to the last workflow's end.
 *   <li>activity, pipelined: the two other targets of issue 12, measured here by running those
 *       sides of the entity and cluster suites ({@link EntityBenchmarks}, {@link
 *       ClusterBenchmarks}), each in a JVM of its own.
 * </ul>
 */
public final class DurableBenchmarks {
  static final List<String> SCENARIOS =
      List.of("throughput", "step", "sleep", "notify", "recovery", "activity", "pipelined");
  static final List<String> FRAMEWORKS = List.of("cruster", "dbos", "restate", "jdbc");

  static final int RECOVERY_FLOWS = 10_000;
  private static final int RECOVERY_FLOWS_QUICK = 2_000;
  private static final Duration SIDE_LIMIT = Duration.ofMinutes(6);
  private static final Duration LOAD_LIMIT = Duration.ofMinutes(5);
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(12);

  private final boolean quick;
  private final Set<String> frameworks;
  private final DurableResults results = new DurableResults();
  private final List<String> failures = new ArrayList<>();
  private final Path peers;

  DurableBenchmarks(boolean quick, Set<String> frameworks) {
    this.quick = quick;
    this.frameworks = frameworks;
    this.peers = peersDirectory();
  }

  public static void main(String[] args) {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(SCENARIOS);
    Set<String> frameworks = new LinkedHashSet<>(FRAMEWORKS);
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--only=")) {
        only = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
        if (!SCENARIOS.containsAll(only)) {
          usage("unknown scenario in " + arg);
        }
      } else if (arg.startsWith("--framework=")) {
        frameworks =
            new LinkedHashSet<>(List.of(arg.substring("--framework=".length()).split(",")));
        if (!FRAMEWORKS.containsAll(frameworks)) {
          usage("unknown framework in " + arg);
        }
      } else {
        usage(arg.equals("--help") || arg.equals("-h") ? null : "unknown argument " + arg);
      }
    }
    long start = System.nanoTime();
    String loadAtStart = ClusterBenchmarks.loadAverage();
    System.err.printf(
        Locale.ROOT,
        "Durable benchmarks%s: JDK %s, %d CPUs; each framework in processes of its own (JVMs %s);"
            + " load at start %s.%n",
        quick ? " (quick)" : "",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        PeerProcess.describeJvm(),
        loadAtStart);
    DurableBenchmarks bench = new DurableBenchmarks(quick, frameworks);
    for (String scenario : only) {
      bench.run(scenario);
    }
    String loadAtEnd = ClusterBenchmarks.loadAverage();
    System.err.printf(
        Locale.ROOT,
        "Durable benchmarks done in %.0f s; load at the end %s.%n%n",
        (System.nanoTime() - start) / 1e9,
        loadAtEnd);
    DurableReport report = new DurableReport(bench.results, quick, only);
    System.out.println(
        "Load average (1 / 5 / 15 min) at start " + loadAtStart + ", at the end " + loadAtEnd);
    System.out.println();
    System.out.print(report.render(bench.failures));
    System.out.flush();
    System.exit(bench.failures.isEmpty() ? 0 : 1);
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println(problem);
    }
    System.err.println(
        "usage: DurableBenchmarks [--quick] [--only="
            + String.join(",", SCENARIOS)
            + "] [--framework="
            + String.join(",", FRAMEWORKS)
            + "]");
    System.err.println(
        "Needs a running PostgreSQL (scripts/services start) and, for the Restate side, "
            + "-D"
            + RestateServer.BINARY_PROPERTY
            + "=<restate-server> (scripts/bench durable installs it); pipelined also needs etcd.");
    System.exit(problem == null ? 0 : 2);
  }

  DurableResults results() {
    return results;
  }

  /** The sides that failed so far, each with its reason. */
  List<String> failures() {
    return failures;
  }

  /** Where the peers' modules are: {@code -Dbench.peers}, else next to the benchmarks jar. */
  private static Path peersDirectory() {
    String configured = System.getProperty("bench.peers");
    if (configured != null) {
      return Path.of(configured);
    }
    try {
      Path jar =
          Path.of(
              DurableBenchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent().getParent().resolve("peers"); // benchmarks/target/x.jar -> benchmarks
    } catch (Exception e) {
      return Path.of("benchmarks", "peers");
    }
  }

  /** Runs one scenario for every framework selected; its figures go to {@link #results()}. */
  void run(String scenario) {
    switch (scenario) {
      case "throughput", "step", "notify" -> {
        for (String f : frameworks) {
          peerSide(scenario, f, scenario, List.of());
        }
      }
      case "sleep" -> {
        for (String f : frameworks) {
          if (!f.equals("jdbc")) {
            peerSide(scenario, f, scenario, List.of());
          }
        }
      }
      case "recovery" -> {
        for (String f : frameworks) {
          if (!f.equals("jdbc")) {
            guarded(scenario, f, () -> recovery(f));
          }
        }
      }
      case "activity" -> activity();
      case "pipelined" -> pipelined();
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  /** A side's body; its failure is reported and the run goes on. */
  @FunctionalInterface
  private interface SideBody {
    ResultFile run() throws Exception;
  }

  private void guarded(String scenario, String framework, SideBody body) {
    String label = DurableReport.column(framework) + " " + scenario;
    System.err.println("== " + label);
    long t0 = System.nanoTime();
    try {
      ResultFile result = body.run();
      results.put(scenario, framework, result);
      System.err.printf(
          Locale.ROOT,
          "== %s done in %.1f s: %s%n",
          label,
          (System.nanoTime() - t0) / 1e9,
          DurableReport.describe(result));
    } catch (Exception | Error e) {
      System.err.println("== " + label + " FAILED: " + e);
      failures.add(label + ": " + e.getMessage());
    }
  }

  private void peerSide(String scenario, String framework, String workload, List<String> args) {
    guarded(
        scenario,
        framework,
        () -> {
          try (Backend backend = Backend.open(framework)) {
            try (PeerProcess p = start(framework, workload, backend, args)) {
              return p.awaitResult(SIDE_LIMIT);
            }
          }
        });
  }

  /** What a framework's process runs against: a fresh database, or a fresh Restate server. */
  private record Backend(BenchDatabase db, RestateServer restate, int endpointPort)
      implements AutoCloseable {
    static Backend open(String framework) throws Exception {
      if (framework.equals("restate")) {
        return new Backend(null, RestateServer.start(), RestateServer.freePort());
      }
      return new Backend(BenchDatabase.create(), null, 0);
    }

    List<String> args() {
      return restate != null ? restate.peerArgs(endpointPort) : List.of("--db=" + db.url());
    }

    @Override
    public void close() {
      if (restate != null) {
        restate.close();
      }
      if (db != null) {
        db.close();
      }
    }
  }

  private PeerProcess start(String framework, String workload, Backend backend, List<String> more)
      throws Exception {
    List<String> args = new ArrayList<>(backend.args());
    if (quick) {
      args.add("--quick");
    }
    args.addAll(more);
    String name = DurableReport.column(framework);
    return switch (framework) {
      case "cruster" ->
          PeerProcess.start(
              name,
              System.getProperty("java.class.path"),
              DurableCruster.class.getName(),
              workload,
              args);
      case "jdbc" ->
          PeerProcess.start(
              name,
              System.getProperty("java.class.path"),
              DurableJdbc.class.getName(),
              workload,
              args);
      case "dbos" ->
          PeerProcess.start(
              name, peerJar("dbos"), "io.cruster.benchmarks.peer.dbos.DbosPeer", workload, args);
      case "restate" ->
          PeerProcess.start(
              name,
              peerJar("restate"),
              "io.cruster.benchmarks.peer.restate.RestatePeer",
              workload,
              args);
      default -> throw new IllegalArgumentException(framework);
    };
  }

  private String peerJar(String peer) {
    Path jar = peers.resolve(peer).resolve("target").resolve("benchmarks-peer-" + peer + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new ScenarioFailedException(
          jar + " is missing: build it (scripts/bench durable does) or set -Dbench.peers");
    }
    return jar.toString();
  }

  // ---- (5) recovery

  private ResultFile recovery(String framework) throws Exception {
    int flows = quick ? RECOVERY_FLOWS_QUICK : RECOVERY_FLOWS;
    List<String> args = List.of("--flows=" + flows);
    try (Backend backend = Backend.open(framework)) {
      try (PeerProcess load = start(framework, "recover-load", backend, args)) {
        System.err.println("  " + load.awaitLoaded(LOAD_LIMIT) + "; kill -9");
        load.kill();
      }
      if (backend.restate() != null) {
        backend.restate().kill();
      }
      long restart = System.currentTimeMillis();
      if (backend.restate() != null) {
        backend.restate().restart();
      }
      try (PeerProcess run = start(framework, "recover-run", backend, args)) {
        ResultFile r = run.awaitResult(RECOVERY_LIMIT);
        double seconds = (r.values().get("finished-epoch-ms") - restart) / 1e3;
        double ready = (r.values().get("ready-epoch-ms") - restart) / 1e3;
        return new ResultFile(
            List.of(),
            Map.of("recovery-seconds", seconds, "ready-seconds", ready, "flows", (double) flows),
            null);
      }
    }
  }

  // ---- the other targets of issue 12, from the entity and cluster suites' sides

  private void activity() {
    List<String> args = quick ? List.of("--only=activity", "--quick") : List.of("--only=activity");
    results.activityCruster =
        otherSide(EntityBenchmarks.class, EntityBenchmarks.ACTIVITY_CRUSTER, args, null);
    results.activityPekko =
        otherSide(EntityBenchmarks.class, EntityBenchmarks.ACTIVITY_PEKKO, args, null);
  }

  private void pipelined() {
    List<String> args =
        quick ? List.of("--only=calls-pipelined", "--quick") : List.of("--only=calls-pipelined");
    try (BenchDatabase db = BenchDatabase.create()) {
      results.pipelinedCruster =
          otherSide(ClusterBenchmarks.class, ClusterBenchmarks.PIPELINED_CRUSTER, args, db.url());
      results.pipelinedGrpc =
          otherSide(ClusterBenchmarks.class, ClusterBenchmarks.PIPELINED_GRPC, args, db.url());
    }
  }

  private Double otherSide(Class<?> suite, String side, List<String> args, String db) {
    System.err.println("== " + side + " (" + suite.getSimpleName() + ")");
    try {
      Harness.Result r = (Harness.Result) Fork.side(suite, side, args, Suite.SCENARIO_LIMIT, db);
      System.err.println(
          "== " + side + ": median " + Format.count(r.medianRate()) + "/s of " + r.rates());
      return r.medianRate();
    } catch (Exception | Error e) {
      System.err.println("== " + side + " FAILED: " + e);
      failures.add(side + ": " + e.getMessage());
      return null;
    }
  }
}
