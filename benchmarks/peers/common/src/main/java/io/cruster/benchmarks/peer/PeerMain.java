package io.cruster.benchmarks.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The main of every framework's process in the durable benchmarks: runs one workload against one
 * {@link DurableApp} and writes what it measured to a {@link ResultFile}. The harness ({@code
 * scripts/bench durable}) starts one such process per framework and scenario and stops it
 * afterwards, so no framework's JIT, heap or threads can bias another's figures.
 *
 * <pre>
 * java -cp ... SomePeerMain --workload=W --result=FILE [--quick] [--db=JDBC_URL] [--flows=N] [--key=value...]
 * </pre>
 *
 * Workloads:
 *
 * <ul>
 *   <li>{@code throughput}: {@value #CLIENTS} client threads each running flows of {@value
 *       #THROUGHPUT_STEPS} steps one after the other, end to end; flows/s and each flow's latency.
 *   <li>{@code step}: one client running flows of {@value #TIMED_STEPS} steps, each step timed
 *       inside the flow; steps/s, each step's latency, and (where the side counts them) round trips
 *       and write transactions per step.
 *   <li>{@code sleep}: {@value #NAPS} naps of {@value #NAP_SECONDS} s started at once by {@value
 *       #CLIENTS} clients (after a smaller warm-up round); each nap's wake-up lag after its
 *       deadline.
 *   <li>{@code notify}: {@value #NOTIFY_CALLERS} client threads sending tallies over {@value
 *       #NOTIFY_KEYS} keys; a batch ends when every tally of it was handled; tallies/s.
 *   <li>{@code recover-load}: with the recovery gate closed, starts {@code --flows} flows of
 *       {@value #THROUGHPUT_STEPS} steps (each stops after its first step), prints {@value #LOADED}
 *       on stdout once every start is durable, and waits to be killed.
 *   <li>{@code recover-run}: opens the framework (which recovers the unfinished flows) and waits
 *       until {@code --flows} flows have finished; reports the wall-clock time of that moment.
 * </ul>
 *
 * Batches are calibrated as in the other suites ({@link Batches}); every wait is bounded.
 */
public final class PeerMain {
  /** Concurrent clients of the throughput and sleep workloads. */
  public static final int CLIENTS = 64;

  /** Steps of a flow in the throughput and recovery workloads. */
  public static final int THROUGHPUT_STEPS = 3;

  /** Steps of a flow in the step-latency workload. */
  public static final int TIMED_STEPS = 20;

  /** Naps of the measured round of the sleep workload, and their length. */
  public static final int NAPS = 1_000;

  public static final int NAP_SECONDS = 1;

  public static final int NOTIFY_CALLERS = 256;
  public static final int NOTIFY_KEYS = 1_000;
  private static final long NOTIFY_MIN_BATCH = 2_000;

  /** The line {@code recover-load} prints on stdout once its flows are durably started. */
  public static final String LOADED = "peer-loaded";

  private static final int WARMUP_BATCHES = 3;

  private static final Duration ROUND_LIMIT = Duration.ofSeconds(120);

  /** Opens a framework's side (connects, migrates, registers, starts). */
  @FunctionalInterface
  public interface Factory {
    DurableApp open(Options options) throws Exception;
  }

  /** The parsed command line. */
  public record Options(String workload, boolean quick, Path result, Map<String, String> values) {
    /** The value of {@code --key=...}, if given. */
    public Optional<String> get(String key) {
      return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code --key=...}; fails naming the key if missing. */
    public String require(String key) {
      return get(key)
          .orElseThrow(() -> new IllegalArgumentException("missing argument --" + key + "=..."));
    }
  }

  final String name;
  final Options options;
  private final Factory factory;
  final Map<String, Double> values = new LinkedHashMap<>();
  private final String idPrefix = "p" + ProcessHandle.current().pid() + "-";

  private PeerMain(String name, Options options, Factory factory) {
    this.name = name;
    this.options = options;
    this.factory = factory;
  }

  /**
   * Parses {@code args}, runs the workload against the side {@code factory} opens, writes the
   * result file and exits the JVM (0, or 1 after writing the failure).
   */
  public static void run(String name, String[] args, Factory factory) {
    Options options = parse(args);
    PeerMain main = new PeerMain(name, options, factory);
    try {
      List<Sample> samples = main.runWorkload();
      ResultFile.write(options.result(), samples, main.values);
    } catch (Throwable t) {
      System.err.println(name + " " + options.workload() + " failed:");
      t.printStackTrace();
      ResultFile.writeError(options.result(), t);
      System.err.flush();
      Runtime.getRuntime().halt(1);
    }
    System.err.flush();
    Runtime.getRuntime().halt(0); // the framework's non-daemon threads must not keep it alive
  }

  static Options parse(String[] args) {
    String workload = null;
    boolean quick = false;
    Path result = null;
    Map<String, String> values = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.startsWith("--") && arg.contains("=")) {
        String key = arg.substring(2, arg.indexOf('='));
        String value = arg.substring(arg.indexOf('=') + 1);
        switch (key) {
          case "workload" -> workload = value;
          case "result" -> result = Path.of(value);
          default -> values.put(key, value);
        }
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    if (workload == null || result == null) {
      throw new IllegalArgumentException(
          "usage: --workload=throughput|step|sleep|notify|recover-load|recover-run --result=FILE"
              + " [--quick] [--db=JDBC_URL] [--flows=N] [--key=value...]");
    }
    return new Options(workload, quick, result, Map.copyOf(values));
  }

  private Duration warmup() {
    return options.quick() ? Duration.ofSeconds(3) : Duration.ofSeconds(8);
  }

  private Duration iteration() {
    return options.quick() ? Duration.ofMillis(600) : Duration.ofSeconds(1);
  }

  private int iterations() {
    return options.quick() ? 3 : 5;
  }

  private List<Sample> runWorkload() throws Exception {
    return switch (options.workload()) {
      case "throughput" -> throughput();
      case "step" -> steps();
      case "sleep" -> sleep();
      case "notify" -> notifies();
      case "recover-load" -> Recovery.load(this);
      case "recover-run" -> Recovery.run(this);
      default -> throw new IllegalArgumentException("unknown workload " + options.workload());
    };
  }

  DurableApp open() throws Exception {
    long t0 = System.nanoTime();
    DurableApp app = factory.open(options);
    System.err.printf(Locale.ROOT, "%s: started in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    return app;
  }

  /**
   * Batches calibrated as {@link Batches#calibrated} does, but never smaller than {@code minN} (the
   * throughput workloads need every client busy) and with at least {@value #WARMUP_BATCHES} warm-up
   * batches (a framework's first batch can outlast the whole warm-up).
   */
  private List<Sample> calibrated(Workload workload, long minN) throws Exception {
    long n = minN;
    long start = System.nanoTime();
    long compiled = Long.MAX_VALUE;
    for (int batch = 0;
        batch < WARMUP_BATCHES || !Batches.warmedUp(start, warmup(), compiled);
        batch++) {
      long jit = Batches.compilationMillis();
      Sample sample = workload.run(n);
      compiled = Batches.compilationMillis() - jit;
      n = Math.max(minN, Batches.nextBatch(n, sample.nanos(), iteration().toNanos()));
    }
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < iterations(); i++) {
      samples.add(workload.run(n));
    }
    for (Sample s : samples) {
      System.err.printf(
          Locale.ROOT,
          "%s %s: %,d ops in %.2f s = %.0f/s; p50 %.3f ms, p99 %.3f ms%n",
          name,
          options.workload(),
          s.ops(),
          s.nanos() / 1e9,
          s.perSecond(),
          Batches.percentile(s.latencies(), 0.5) / 1e6,
          Batches.percentile(s.latencies(), 0.99) / 1e6);
    }
    return samples;
  }

  // ---- (1) throughput

  private List<Sample> throughput() throws Exception {
    try (DurableApp app = open()) {
      long[] next = {0};
      Workload flows =
          new Workload() {
            @Override
            public Sample run(long n) {
              long[] latencies = new long[Math.toIntExact(n)];
              long base = next[0];
              next[0] += n;
              Sample s =
                  Callers.run(
                      CLIENTS,
                      n,
                      (caller, seq) -> {
                        String id = idPrefix + (base + seq);
                        long t0 = System.nanoTime();
                        String result = app.runFlow(id, THROUGHPUT_STEPS);
                        latencies[(int) seq] = System.nanoTime() - t0;
                        expect(result, Probe.stepOutput(id, THROUGHPUT_STEPS - 1), id);
                      },
                      name + " flows");
              return new Sample(n, s.nanos(), latencies);
            }

            @Override
            public void close() {}
          };
      return calibrated(flows, 4L * CLIENTS);
    }
  }

  private static void expect(String result, String expected, String id) {
    if (!expected.equals(result)) {
      throw new ScenarioFailedException(
          "flow " + id + " returned " + result + " instead of " + expected);
    }
  }

  // ---- (2) step latency

  private List<Sample> steps() throws Exception {
    try (DurableApp app = open();
        TransactionCounter transactions = TransactionCounter.open(options.get("db"))) {
      long[] next = {0};
      List<double[]> usage = new ArrayList<>();
      Workload flows =
          new Workload() {
            @Override
            public Sample run(long n) throws Exception {
              Probe.timeSteps(Math.toIntExact(n * TIMED_STEPS));
              OptionalLong rt0 = app.roundTrips();
              long tx0 = transactions.next();
              long start = System.nanoTime();
              for (long i = 0; i < n; i++) {
                String id = idPrefix + next[0]++;
                expect(app.runFlow(id, TIMED_STEPS), Probe.stepOutput(id, TIMED_STEPS - 1), id);
              }
              long elapsed = System.nanoTime() - start;
              long[] latencies = Probe.timedSteps();
              long tx = transactions.next() - tx0;
              OptionalLong rt1 = app.roundTrips();
              double steps = n * TIMED_STEPS;
              usage.add(
                  new double[] {
                    rt0.isPresent() ? (rt1.getAsLong() - rt0.getAsLong()) / steps : Double.NaN,
                    tx0 < 0 ? Double.NaN : tx / steps
                  });
              return new Sample(n * TIMED_STEPS, elapsed, latencies);
            }

            @Override
            public void close() {}
          };
      List<Sample> samples = calibrated(flows, 1);
      List<double[]> measured = usage.subList(usage.size() - samples.size(), usage.size());
      double roundTrips = Batches.median(measured, u -> u[0]);
      double tx = Batches.median(measured, u -> u[1]);
      if (!Double.isNaN(roundTrips)) {
        values.put("round-trips-per-step", roundTrips);
      }
      if (!Double.isNaN(tx)) {
        values.put("transactions-per-step", tx);
      }
      System.err.printf(
          Locale.ROOT,
          "%s step: %.3f round trips and %.3f write transactions per step%n",
          name,
          roundTrips,
          tx);
      return samples;
    }
  }

  // ---- (3) durable sleep

  private List<Sample> sleep() throws Exception {
    try (DurableApp app = open()) {
      Duration nap = Duration.ofSeconds(NAP_SECONDS);
      napRound(app, "warm", options.quick() ? 200 : NAPS, nap);
      // As the harness does before each measured batch: the burst is one sample, and the JVM's
      // first young collection (which copies every start-up object still alive, 50-70 ms on two
      // busy cores) would otherwise fall into it or not by chance.
      System.gc();
      Sample measured = napRound(app, "naps", NAPS, nap);
      return List.of(measured);
    }
  }

  private Sample napRound(DurableApp app, String round, int count, Duration nap) {
    Probe.resetNaps(nap.toNanos());
    long start = System.nanoTime();
    String prefix = idPrefix + round + "-";
    Callers.run(
        CLIENTS, count, (caller, seq) -> app.startNap(prefix + seq, nap), name + " starting naps");
    long started = System.nanoTime();
    long deadline = started + ROUND_LIMIT.toNanos();
    while (Probe.napsWoken() < count) {
      if (System.nanoTime() > deadline) {
        throw new ScenarioFailedException(
            name
                + ": "
                + Probe.napsWoken()
                + " of "
                + count
                + " naps woke within "
                + ROUND_LIMIT.toSeconds()
                + " s");
      }
      LockSupport.parkNanos(1_000_000);
    }
    long[] lags = Probe.napLags();
    System.err.printf(
        Locale.ROOT,
        "%s %s: %d naps started in %.2f s; wake-up lag p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        name,
        round,
        count,
        (started - start) / 1e9,
        Batches.percentile(lags, 0.5) / 1e6,
        Batches.percentile(lags, 0.99) / 1e6,
        Batches.percentile(lags, 1.0) / 1e6);
    values.put("start-seconds", (started - start) / 1e9);
    return new Sample(count, System.nanoTime() - start, lags);
  }

  // ---- (4) persisted notifies

  private List<Sample> notifies() throws Exception {
    try (DurableApp app = open()) {
      long[] sent = {0};
      Workload tallies =
          new Workload() {
            @Override
            public Sample run(long requested) throws Exception {
              long n = Math.max(requested, NOTIFY_MIN_BATCH);
              Optional<Sample> own = app.tallyBatch(n);
              if (own.isPresent()) {
                return own.get();
              }
              long before = Probe.handledCount();
              long base = sent[0];
              sent[0] += n;
              long start = System.nanoTime();
              Callers.run(
                  NOTIFY_CALLERS,
                  n,
                  (caller, seq) ->
                      app.tally("tally-" + ((base + seq) % NOTIFY_KEYS), base + seq + 1),
                  name + " tallies");
              long deadline = start + ROUND_LIMIT.toNanos();
              while (Probe.handledCount() - before < n) {
                if (System.nanoTime() > deadline) {
                  throw new ScenarioFailedException(
                      name
                          + ": "
                          + (Probe.handledCount() - before)
                          + " of "
                          + n
                          + " tallies handled within "
                          + ROUND_LIMIT.toSeconds()
                          + " s");
                }
                LockSupport.parkNanos(200_000);
              }
              return Sample.of(n, System.nanoTime() - start);
            }

            @Override
            public void close() {}
          };
      return calibrated(tallies, NOTIFY_MIN_BATCH);
    }
  }
}
