package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The storage benchmarks: Cruster's {@code SingleRunner} on PostgreSQL against raw JDBC on the same
 * database in the same run. Prints a markdown table on stdout; progress and per-batch figures go to
 * stderr. {@code scripts/bench storage [--quick]} builds and runs it; it needs a running PostgreSQL
 * (fsync on, as {@code scripts/services start} sets it up) and does not start one itself.
 *
 * <p>The server is that of {@code CRUSTER_PG_URL}, from the environment or from the {@code
 * .services/env} file found from the working directory upward; without either the run fails at
 * once, saying to run {@code scripts/services start}. The run creates a fresh database on that
 * server ({@code cruster_bench_<time>_<pid>}; Cruster applies its migrations there, the peers
 * create their tables) and drops it at the end.
 *
 * <p>Method as in {@link EntityBenchmarks} (the same {@link Harness} and {@link Suite}): scenario
 * by scenario, Cruster then the peer, each in a fresh runner or connection closed afterwards;
 * warm-up with calibration (at least {@link #MIN_WARMUP}), then the median of 5 batches (3 with
 * {@code --quick}); every wait bounded. Round trips are counted on the connections themselves
 * ({@link CountingSocketFactory}: every flush of a request to the server) and write transactions
 * with the server's transaction counter ({@link BenchDatabase#nextTransactionId()}), per measured
 * batch.
 *
 * <pre>
 * java -cp benchmarks.jar io.cruster.benchmarks.StorageBenchmarks [--quick] [--only=a,b] [--framework=cruster|jdbc]
 * </pre>
 *
 * Scenarios ({@code --only}):
 *
 * <ul>
 *   <li>notify: persisted notifies end to end. {@value NotifyCruster#CALLERS} virtual threads send
 *       {@code client.notify(id, new Record(n))} ({@code @Public} activity) over {@value
 *       NotifyCruster#ENTITIES} entities of a runner built with {@code .jdbcUrl(url)}; a batch ends
 *       when every notify has been processed (the entities' committed states count them all).
 *       Peers, one thread on one connection inserting rows whose payload is as long as Cruster's:
 *       one row per autocommit insert, and {@value InsertsJdbc#BATCH} rows per executeBatch and
 *       COMMIT.
 *   <li>workflow: workflows of {@value WorkflowCruster#STEPS} {@code ctx.run(activity)} steps, one
 *       at a time, each step timed inside the workflow; round trips and write transactions per
 *       step. Peer: the latency of one single-row autocommit insert (the notify scenario's peer,
 *       measured once per run).
 *   <li>activation: entity state loads. Accounts are given a state (one activity each), then each
 *       batch restarts the runner and makes one rpc per account from {@value
 *       StateLoadCruster#CALLERS} callers, so each call loads a state from PostgreSQL. Peer: the
 *       same number of threads reading rows of the same size by primary key through a pool as large
 *       as Cruster's.
 * </ul>
 */
public final class StorageBenchmarks {
  static final List<String> SCENARIOS = List.of("notify", "workflow", "activation");

  /** The sides of the notify scenario compared by the target (the smoke suite runs them too). */
  static final String NOTIFY_CRUSTER = "Cruster persisted notifies";

  static final String NOTIFY_JDBC_BATCHED = "JDBC batched inserts";

  /**
   * Warm-up of each side, also with {@code --quick}: the JIT and the server's caches both warm up.
   */
  static final Duration MIN_WARMUP = Duration.ofSeconds(2);

  /** Accounts (and state loads per batch) of the activation scenario. */
  private static final int ACTIVATIONS_QUICK = 20_000;

  private static final int ACTIVATIONS_FULL = 50_000;
  private static final double NOTIFY_TARGET = 0.5;
  private static final double STEP_P50_TARGET_MICROS = 1_000;

  private final Suite suite;
  private final BenchDatabase db;
  private final Harness.Settings settings;

  /** The single-row insert peer, shared by the notify and workflow scenarios; measured once. */
  private Measured singleInserts;

  private boolean singleInsertsMeasured;

  /** A side's result and what it cost the database per operation (either may be null). */
  record Measured(Harness.Result result, DbUsage.PerOp perOp) implements java.io.Serializable {
    Double rate() {
      return result == null ? null : result.medianRate();
    }

    Double latency(double q) {
      return result == null ? null : result.medianLatencyMicros(q);
    }
  }

  private StorageBenchmarks(Suite suite, BenchDatabase db) {
    this.suite = suite;
    this.db = db;
    this.settings = suite.settings().withWarmupAtLeast(MIN_WARMUP);
  }

  public static void main(String[] args) {
    Suite suite =
        Suite.parse(
            StorageBenchmarks.class,
            "Storage benchmarks",
            SCENARIOS,
            Suite.Peer.JDBC,
            List.of(
                "Needs a running PostgreSQL: `scripts/services start` (or CRUSTER_PG_URL); the run creates and drops a database there."),
            args);
    BenchDatabase db;
    try {
      db = BenchDatabase.create();
    } catch (BenchDatabase.UnavailableException e) {
      System.err.println("StorageBenchmarks: error: " + e.getMessage());
      System.exit(2);
      return;
    }
    StorageBenchmarks bench = new StorageBenchmarks(suite, db);
    try {
      suite.forEachScenario(bench::run);
    } finally {
      db.close();
    }
    suite.finish();
  }

  /** The run's database URL with round trips counted. */
  private String countedUrl() {
    return BenchDatabase.withParameter(db.url(), CountingSocketFactory.URL_PARAMETER);
  }

  private void run(String scenario) {
    switch (scenario) {
      case "notify" -> notifyRows();
      case "workflow" -> workflowRows();
      case "activation" -> activationRows();
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  /** How a side is timed: the harness method, given how to open the (metered) workload. */
  @FunctionalInterface
  private interface Timing {
    Harness.Result run(Callable<Workload> open) throws Exception;
  }

  /**
   * Runs one side, its batches metered; {@code what} starts with the framework's name. The side's
   * JVM counts its round trips and transactions and hands them back with its result.
   */
  private Measured metered(String what, Callable<Workload> open, Timing timing) {
    Measured measured =
        suite.measure(
            what,
            () -> {
              DbUsage.Metered[] metered = new DbUsage.Metered[1];
              Harness.Result result =
                  timing.run(() -> metered[0] = DbUsage.metered(open.call(), db));
              return new Measured(
                  result, DbUsage.medianOfLast(metered[0], result.samples().size()));
            });
    if (measured == null) {
      return new Measured(null, null);
    }
    DbUsage.PerOp perOp = measured.perOp();
    if (perOp != null) {
      System.err.printf(
          Locale.ROOT,
          "  %s: %.3f round trips and %.4f write transactions per operation%n",
          what,
          perOp.roundTrips(),
          perOp.transactions());
    }
    return measured;
  }

  private Measured singleInserts(int payloadBytes) {
    if (!singleInsertsMeasured) {
      singleInsertsMeasured = true;
      singleInserts =
          metered(
              "JDBC single-row autocommit inserts",
              () -> InsertsJdbc.single(countedUrl(), payloadBytes),
              open -> Harness.calibrated(open, 100, settings));
    }
    return singleInserts;
  }

  // ---- notify

  private void notifyRows() {
    int payload = NotifyCruster.payloadBytes();
    if (!suite.isChild()) {
      System.err.printf(
          Locale.ROOT,
          "notify: a Record's payload is %d bytes; the JDBC peers insert rows of (bigint, %d-byte bytea)%n",
          payload,
          payload);
    }
    Measured cruster =
        metered(
            NOTIFY_CRUSTER,
            () -> NotifyCruster.open(countedUrl()),
            open -> Harness.calibrated(open, 1_000, settings));
    if (cruster.result() != null) {
      describeStoredRequests();
    }
    Measured single = singleInserts(payload);
    Measured batched =
        metered(
            NOTIFY_JDBC_BATCHED,
            () -> InsertsJdbc.batched(countedUrl(), payload),
            open -> Harness.calibrated(open, 1_000, settings));
    String shape =
        String.format(
            Locale.ROOT,
            "persisted notifies end to end, %d callers over %,d entities (notifies/s)",
            NotifyCruster.CALLERS,
            NotifyCruster.ENTITIES);
    double ratioBatched = Suite.ratio(cruster.rate(), batched.rate());
    suite
        .table()
        .row(
            shape
                + " vs JDBC inserts, "
                + InsertsJdbc.BATCH
                + " rows per commit, one thread (rows/s)",
            Suite.count(cruster.rate()),
            Suite.count(batched.rate()),
            Format.ratio(ratioBatched),
            Suite.target(
                "≥ " + Format.ratio(NOTIFY_TARGET) + " batched",
                ratioBatched >= NOTIFY_TARGET,
                ratioBatched));
    suite
        .table()
        .row(
            shape + " vs JDBC single-row autocommit inserts, one thread (rows/s)",
            Suite.count(cruster.rate()),
            Suite.count(single.rate()),
            Format.ratio(Suite.ratio(cruster.rate(), single.rate())),
            "—");
    suite
        .table()
        .row(
            "persisted notify: round trips / write transactions per notify (JDBC: per row, batched; single-row)",
            perOp(cruster.perOp()),
            perOp(batched.perOp()) + "; " + perOp(single.perOp()),
            "—",
            "—");
  }

  /** Logs how large the rows of Cruster's requests are, next to the peers' rows. */
  private void describeStoredRequests() {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), avg(octet_length(payload)), avg(pg_column_size(q.*)) "
                    + "FROM cruster_requests q WHERE entity_type = 'Tally'")) {
      r.next();
      System.err.printf(
          Locale.ROOT,
          "  cruster_requests: %,d notify rows, payload %.1f bytes, whole row %.0f bytes on average%n",
          r.getLong(1),
          r.getDouble(2),
          r.getDouble(3));
    } catch (SQLException e) {
      System.err.println("  (could not read cruster_requests: " + e.getMessage() + ")");
    }
  }

  // ---- workflow

  private void workflowRows() {
    Measured cruster =
        metered(
            "Cruster workflow steps on PostgreSQL",
            () -> WorkflowCruster.onPostgres(countedUrl()),
            open -> Harness.calibrated(open, 1, settings));
    Measured single = singleInserts(NotifyCruster.payloadBytes());
    String shape =
        String.format(
            Locale.ROOT,
            "workflow step on PostgreSQL (%d-step workflows of ctx.run(activity), one at a time)",
            WorkflowCruster.STEPS);
    Double c50 = cruster.latency(0.50);
    Double j50 = single.latency(0.50);
    suite
        .table()
        .row(
            shape + ", p50 / p99 (µs); JDBC: one single-row autocommit insert",
            Suite.micros(c50) + " / " + Suite.micros(cruster.latency(0.99)),
            Suite.micros(j50) + " / " + Suite.micros(single.latency(0.99)),
            Format.ratio(Suite.ratio(c50, j50)),
            Suite.target(
                "p50 ≤ 1 ms",
                c50 != null && c50 <= STEP_P50_TARGET_MICROS,
                c50 == null ? Double.NaN : c50));
    DbUsage.PerOp steps = cruster.perOp();
    double roundTrips = steps == null ? Double.NaN : steps.roundTrips();
    suite
        .table()
        .row(
            shape + ": round trips / write transactions per step (JDBC: per insert)",
            perOp(steps),
            perOp(single.perOp()),
            "—",
            // A little over 1 is the poller's background round trips, shared out over the steps.
            Suite.target("1 round trip per step", roundTrips <= 1.1, roundTrips));
    suite
        .table()
        .row(
            shape + " (steps/s; JDBC: single-row inserts/s)",
            Suite.count(cruster.rate()),
            Suite.count(single.rate()),
            Format.ratio(Suite.ratio(cruster.rate(), single.rate())),
            "—");
  }

  // ---- activation

  private void activationRows() {
    int entities = suite.quick() ? ACTIVATIONS_QUICK : ACTIVATIONS_FULL;
    int stateBytes = StateLoadCruster.stateBytes();
    if (!suite.isChild()) {
      System.err.printf(
          Locale.ROOT,
          "activation: an account's state is %d bytes; the JDBC peer reads rows of (text, %d-byte bytea)%n",
          stateBytes,
          stateBytes);
    }
    Measured cruster =
        metered(
            "Cruster entity activations from PostgreSQL",
            () -> StateLoadCruster.open(db, countedUrl(), entities),
            open -> Harness.fixed(open, entities / 4, entities, settings.iterations(), settings));
    Measured jdbc =
        metered(
            "JDBC selects by primary key",
            () -> SelectsJdbc.open(db, countedUrl(), entities, stateBytes),
            open -> Harness.calibrated(open, 1_000, settings));
    String shape =
        String.format(
            Locale.ROOT,
            "entity activations loading their state from PostgreSQL after a restart, %d callers, "
                + "%,d entities per batch (activations/s) vs JDBC select by primary key, same threads and pool size (rows/s)",
            StateLoadCruster.CALLERS,
            entities);
    suite
        .table()
        .row(
            shape,
            Suite.count(cruster.rate()),
            Suite.count(jdbc.rate()),
            Format.ratio(Suite.ratio(cruster.rate(), jdbc.rate())),
            "—");
    suite
        .table()
        .row(
            "entity activation: round trips / write transactions per activation (JDBC: per select)",
            perOp(cruster.perOp()),
            perOp(jdbc.perOp()),
            "—",
            "—");
  }

  private static String perOp(DbUsage.PerOp perOp) {
    return perOp == null
        ? "—"
        : String.format(Locale.ROOT, "%.2f / %.3f", perOp.roundTrips(), perOp.transactions());
  }
}
