package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Workload;
import io.cruster.sharding.Sharding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The cluster benchmarks: Cruster runners in separate JVMs on loopback, with PostgreSQL and etcd,
 * against raw grpc-java between the same JVMs in the same run. Prints a markdown table on stdout;
 * progress and per-batch figures go to stderr. {@code scripts/bench cluster [--quick]} builds and
 * runs it; it needs a running PostgreSQL and etcd ({@code scripts/services start}), which it does
 * not start itself: {@code CRUSTER_PG_URL} and {@code CRUSTER_ETCD_ENDPOINTS}, from the environment
 * or from the {@code .services/env} file found from the working directory upward. The run creates a
 * fresh database ({@link BenchDatabase}) and drops it at the end; each cluster it starts lives
 * under a fresh etcd prefix ({@code /cruster-bench-<random>}, {@link BenchCluster}), deleted at its
 * end.
 *
 * <p>Every runner but the harness's is a {@link ClusterNode} JVM started by the harness with its
 * own {@code java} and class path ({@link NodeProcess}) and killed at the end; the harness's JVM
 * runs a runner that hosts no shard ({@code shardGroups} empty) and only calls. Every runner
 * registers {@link EchoEntity}.
 *
 * <p>Method for the calls scenarios as in {@link EntityBenchmarks} (the same {@link Harness} and
 * {@link Suite}): Cruster then the peer, each side in a JVM of its own forked by the harness
 * ({@link Fork}), which starts a node JVM of its own for that side (Cruster's: a runner hosting
 * every shard; the peer's: only the raw echo server) and kills it afterwards; warm-up with
 * calibration (at least {@link #MIN_WARMUP}, also with {@code --quick}), then the median of 5
 * batches (3 with {@code --quick}); every wait bounded. The failover and movement scenarios have no
 * peer: they start clusters of their own and are reported against DESIGN.md's targets.
 *
 * <pre>
 * java -cp benchmarks.jar io.cruster.benchmarks.ClusterBenchmarks [--quick] [--only=a,b] [--framework=cruster|grpc]
 * </pre>
 *
 * Scenarios ({@code --only}):
 *
 * <ul>
 *   <li>calls-seq: cross-node rpc round trips, one at a time: {@code client.call(id, new
 *       Echo(payload))} with a {@value #PAYLOAD_BYTES}-byte payload from the harness's client-only
 *       runner to an entity of the node JVM, which hosts every shard ({@link CallsCruster});
 *       calls/s, p50 and p99. Peer: a raw grpc-java bidi stream between the same two JVMs, one
 *       message in flight, echoed by a server on {@code directExecutor()} ({@link CallsGrpc},
 *       {@link RawGrpc}); round trips/s, p50 and p99.
 *   <li>calls-pipelined: the same pair with {@value #WINDOW} calls in flight ({@code
 *       client.callAsync} over {@value CallsCruster#ENTITIES} entities, a new call as each reply
 *       arrives); calls/s. Peer: {@value #WINDOW} messages in flight on one raw bidi stream;
 *       messages/s.
 *   <li>failover: {@value Failover#RUNNERS} node JVMs on a lease TTL of 3 s; kill -9 the runner
 *       serving an entity and time until a call to that entity succeeds again; median of 5 rounds
 *       (3 with {@code --quick}), against the target "≤ lease TTL + 2 s" ({@link Failover}).
 *   <li>movement: {@value Movement#RUNNERS} node JVMs settle, a 4th joins, then one leaves
 *       gracefully: the fraction of shards whose owner changed (read from the shard locks in etcd),
 *       against the ideal ({@link Movement}).
 * </ul>
 */
public final class ClusterBenchmarks {
  static final List<String> SCENARIOS =
      List.of("calls-seq", "calls-pipelined", "failover", "movement");

  /** Bytes of each call's payload (the message around it is Cruster's or protobuf's). */
  static final int PAYLOAD_BYTES = 100;

  /** Calls or messages in flight in the pipelined scenario. */
  static final int WINDOW = 256;

  /** The sides of the pipelined scenario (the durable suite runs them too). */
  static final String PIPELINED_CRUSTER =
      "Cruster entity rpc across JVMs, " + WINDOW + " in flight";

  static final String PIPELINED_GRPC = "gRPC bidi stream, " + WINDOW + " in flight";

  /**
   * Warm-up of each calls side, also with {@code --quick}: both JVMs compile their paths, the
   * entities activate.
   */
  static final Duration MIN_WARMUP = Duration.ofSeconds(20);

  private static final double CALLS_TARGET = 0.5;
  private static final Duration FAILOVER_MARGIN = Duration.ofSeconds(2);
  private static final int FAILOVER_ROUNDS = 5;
  private static final int FAILOVER_ROUNDS_QUICK = 3;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

  private final Suite suite;
  private final BenchDatabase db;
  private final List<String> etcd;
  private final Harness.Settings settings;

  private ClusterBenchmarks(Suite suite, BenchDatabase db, List<String> etcd) {
    this.suite = suite;
    this.db = db;
    this.etcd = etcd;
    this.settings = suite.settings().withWarmupAtLeast(MIN_WARMUP);
  }

  public static void main(String[] args) {
    Suite suite =
        Suite.parse(
            ClusterBenchmarks.class,
            "Cluster benchmarks",
            SCENARIOS,
            Suite.Peer.GRPC,
            List.of(
                "Needs a running PostgreSQL and etcd: `scripts/services start` (or CRUSTER_PG_URL and CRUSTER_ETCD_ENDPOINTS);",
                "the run creates and drops a database there and uses fresh etcd prefixes, deleted at the end."),
            args);
    BenchDatabase db;
    List<String> etcd;
    try {
      etcd = BenchCluster.etcdEndpoints();
      db = BenchDatabase.create();
    } catch (BenchDatabase.UnavailableException e) {
      System.err.println("ClusterBenchmarks: error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!suite.isChild()) {
      System.err.println(
          "etcd: " + String.join(",", etcd) + "; machine load at start: " + loadAverage());
    }
    ClusterBenchmarks bench = new ClusterBenchmarks(suite, db, etcd);
    try {
      suite.forEachScenario(bench::run);
    } finally {
      db.close();
    }
    if (!suite.isChild()) {
      System.err.println("machine load at the end: " + loadAverage());
    }
    suite.finish();
  }

  /** Every call's payload: {@value #PAYLOAD_BYTES} bytes. */
  static byte[] payload() {
    byte[] payload = new byte[PAYLOAD_BYTES];
    Arrays.fill(payload, (byte) 'x');
    return payload;
  }

  private void run(String scenario) {
    switch (scenario) {
      case "calls-seq" -> sequentialRows();
      case "calls-pipelined" -> pipelinedRows();
      case "failover" -> failoverRow();
      case "movement" -> movementRows();
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  // ---- calls

  /**
   * Cruster's side of a calls scenario: a fresh cluster whose one node JVM hosts every shard, and a
   * runner in this JVM that hosts none and calls; all closed afterwards.
   */
  private Harness.Result crusterCalls(Function<BenchCluster, Workload> workload, long firstN)
      throws Exception {
    try (BenchCluster cluster =
        BenchCluster.create(db.url(), etcd, BenchCluster.DEFAULT_LEASE_TTL)) {
      NodeProcess node = cluster.startNodes(1, NodeProcess.Jvm.MEASURED, false).get(0);
      Sharding observer = cluster.startCaller();
      cluster.awaitSettled(observer, List.of(node), SETTLE_TIMEOUT);
      observer.close();
      System.err.printf(
          Locale.ROOT,
          "(node JVM %s serves all %,d shards at %s) ",
          node.name(),
          BenchCluster.SHARDS,
          node.address());
      return Harness.calibrated(() -> workload.apply(cluster), firstN, settings);
    }
  }

  /** The raw gRPC side of a calls scenario: a node JVM that runs only the raw echo server. */
  private Harness.Result grpcCalls(IntFunction<Workload> workload, long firstN) throws Exception {
    try (NodeProcess node = NodeProcess.startRawEcho("raw-echo").awaitReady()) {
      return Harness.calibrated(() -> workload.apply(node.rawPort()), firstN, settings);
    }
  }

  private void sequentialRows() {
    Harness.Result cruster =
        suite.measure(
            "Cruster entity rpc across JVMs, one at a time",
            () -> crusterCalls(CallsCruster::sequential, 100));
    Harness.Result grpc =
        suite.measure(
            "gRPC bidi round trips, one at a time", () -> grpcCalls(CallsGrpc::sequential, 100));
    String shape =
        String.format(
            Locale.ROOT,
            "cross-node calls one at a time, 2 JVMs, %d-byte payload: entity rpc "
                + "(raw gRPC: bidi stream round trip)",
            PAYLOAD_BYTES);
    suite.throughputRow(shape + " (calls/s)", CALLS_TARGET, rate(cruster), rate(grpc));
    Double c50 = latency(cruster, 0.50);
    Double g50 = latency(grpc, 0.50);
    suite
        .table()
        .row(
            shape + ", p50 / p99 (µs)",
            Suite.micros(c50) + " / " + Suite.micros(latency(cruster, 0.99)),
            Suite.micros(g50) + " / " + Suite.micros(latency(grpc, 0.99)),
            Format.ratio(Suite.ratio(c50, g50)),
            "—");
  }

  private void pipelinedRows() {
    Double cruster =
        suite.rate(
            PIPELINED_CRUSTER, () -> crusterCalls(c -> CallsCruster.pipelined(c, WINDOW), 1_000));
    Double grpc =
        suite.rate(
            PIPELINED_GRPC, () -> grpcCalls(port -> CallsGrpc.pipelined(port, WINDOW), 1_000));
    suite.throughputRow(
        String.format(
            Locale.ROOT,
            "cross-node calls pipelined, 2 JVMs, %d-byte payload, %d in flight: "
                + "entity rpc callAsync over %,d entities (raw gRPC: messages on one bidi stream) (calls/s)",
            PAYLOAD_BYTES,
            WINDOW,
            CallsCruster.ENTITIES),
        CALLS_TARGET,
        cruster,
        grpc);
  }

  private static Double rate(Harness.Result r) {
    return r == null ? null : r.medianRate();
  }

  private static Double latency(Harness.Result r, double q) {
    return r == null ? null : r.medianLatencyMicros(q);
  }

  // ---- failover

  private void failoverRow() {
    int rounds = suite.quick() ? FAILOVER_ROUNDS_QUICK : FAILOVER_ROUNDS;
    long ttl = Failover.LEASE_TTL.toSeconds();
    System.err.printf(
        Locale.ROOT,
        "failover: lease TTL %d s, %d runners, %d rounds%n",
        ttl,
        Failover.RUNNERS,
        rounds);
    List<Failover.Round> result =
        suite.measure(
            "Cruster failover after kill -9", () -> Failover.measure(db.url(), etcd, rounds));
    String shape =
        String.format(
            Locale.ROOT,
            "failover after kill -9 of the runner serving an entity, %d runner JVMs, "
                + "lease TTL %d s: kill → first successful call to the entity (median of %d)",
            Failover.RUNNERS,
            ttl,
            rounds);
    if (result == null) {
      suite.table().row(shape, "—", "—", "—", "≤ lease TTL + 2 s");
      return;
    }
    double median = Harness.median(result, r -> Failover.seconds(r.recovery()));
    double over = median - ttl;
    String each =
        String.join(
            ", ",
            result.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", Failover.seconds(r.recovery())))
                .toList());
    suite
        .table()
        .row(
            shape,
            String.format(
                Locale.ROOT,
                "TTL %s %.2f s (%.2f s; rounds %s s)",
                over < 0 ? "−" : "+",
                Math.abs(over),
                median,
                each),
            "—",
            "—",
            Suite.target(
                "≤ lease TTL + 2 s", median <= ttl + Failover.seconds(FAILOVER_MARGIN), median));
  }

  // ---- movement

  private void movementRows() {
    Movement.Result m =
        suite.measure("Cruster shard movement", () -> Movement.measure(db.url(), etcd));
    String shards = String.format(Locale.ROOT, "%,d shards", BenchCluster.SHARDS);
    String join =
        "shard movement when a 4th runner JVM joins 3, "
            + shards
            + " (share of shards whose owner changed)";
    String leave =
        "shard movement when 1 of 4 runner JVMs leaves gracefully, "
            + shards
            + " (share of shards whose owner "
            + "changed)";
    if (m == null) {
      suite.table().row(join, "—", "—", "—", "only the newcomer's shards move");
      suite.table().row(leave, "—", "—", "—", "only the leaver's shards move");
      return;
    }
    boolean joinMet = m.joinToNewcomer() == 1.0;
    suite
        .table()
        .row(
            join,
            String.format(
                Locale.ROOT,
                "%s (ideal 1/4 = %s); %s of them to the newcomer",
                percent(m.joinMoved()),
                percent(m.joinIdeal()),
                percent(m.joinToNewcomer())),
            "—",
            "—",
            Suite.target("only the newcomer's shards move", joinMet, m.joinMoved()));
    boolean leaveMet =
        Math.round(m.leaveMoved() * BenchCluster.SHARDS)
            == Math.round(m.leaverShare() * BenchCluster.SHARDS);
    suite
        .table()
        .row(
            leave,
            String.format(
                Locale.ROOT,
                "%s (the leaver held %s); its close() took %.1f s",
                percent(m.leaveMoved()),
                percent(m.leaverShare()),
                Failover.seconds(m.leaveTook())),
            "—",
            "—",
            Suite.target("only the leaver's shards move", leaveMet, m.leaveMoved()));
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
  }

  /**
   * The load averages of the machine (1, 5, 15 min), from /proc/loadavg; "?" where there is none.
   */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0]
          + " / "
          + f[1]
          + " / "
          + f[2]
          + " (1 / 5 / 15 min, "
          + Runtime.getRuntime().availableProcessors()
          + " CPUs)";
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
