package io.cruster.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A small, fast subset of the suites (under two minutes) that prints Cruster's ratios against its
 * peers, for CI: ping-pong against Pekko typed, public activity calls against Pekko Cluster
 * Sharding, persisted notifies against batched JDBC inserts, durable workflows against DBOS
 * Transact. Every side runs in a JVM or process of its own with the suites' {@code --quick}
 * settings. It never fails on a figure: it exits 0 whenever it could measure something (a side that
 * failed is listed), 1 only if nothing could be measured. {@code scripts/bench smoke} builds and
 * runs it; {@code scripts/test} runs it after the build, while PostgreSQL is up.
 */
public final class SmokeBenchmarks {
  private final Table table = new Table("peer");
  private final List<String> failures = new ArrayList<>();
  private int measured;

  private SmokeBenchmarks() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      System.err.println("usage: SmokeBenchmarks (no arguments)");
      System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
    }
    long start = System.nanoTime();
    String load = ClusterBenchmarks.loadAverage();
    System.err.println("Smoke benchmarks: each side in a JVM of its own, --quick; load " + load);
    SmokeBenchmarks smoke = new SmokeBenchmarks();
    smoke.actors();
    smoke.entities();
    smoke.storageAndDurable();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "Smoke benchmarks (scripts/bench smoke): %.0f s; machine load (1 / 5 / 15 min) at start %s,"
            + " at the end %s%n%n",
        seconds,
        load,
        ClusterBenchmarks.loadAverage());
    System.out.print(smoke.table.render());
    smoke.failures.forEach(f -> System.out.println("- could not measure: " + f));
    System.out.println(
        """

        How to read it: each row is one scenario measured side by side in this run, each side in a \
        JVM of its own, with short --quick settings. On a shared 2-core machine figures move by \
        20-30 % between runs and more under load (see the load above), so read the ratio, not the \
        rate. One low ratio is noise; a ratio below its target run after run, or a third below \
        the README's full-run ratio, is a regression to look into with the full suite \
        (scripts/bench <suite>). This step never fails the build on a figure.""");
    System.exit(smoke.measured > 0 ? 0 : 1);
  }

  private void actors() {
    List<String> args = List.of("--only=pingpong1", "--quick");
    row(
        "actors: ping-pong, 1 pair (msg/s) vs Pekko typed",
        2.0,
        "Pekko",
        () -> side(ActorBenchmarks.class, ActorBenchmarks.PINGPONG1_CRUSTER, args, null),
        () -> side(ActorBenchmarks.class, ActorBenchmarks.PINGPONG1_PEKKO, args, null));
  }

  private void entities() {
    List<String> args = List.of("--only=activity", "--quick");
    row(
        "entities: public activity calls, in memory, 64 callers (calls/s) vs Pekko Cluster Sharding",
        1.0,
        "Pekko",
        () -> side(EntityBenchmarks.class, EntityBenchmarks.ACTIVITY_CRUSTER, args, null),
        () -> side(EntityBenchmarks.class, EntityBenchmarks.ACTIVITY_PEKKO, args, null));
  }

  private void storageAndDurable() {
    BenchDatabase db;
    try {
      db = BenchDatabase.create();
    } catch (RuntimeException e) {
      failures.add("the PostgreSQL rows (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return;
    }
    try (db) {
      List<String> args = List.of("--only=notify", "--quick");
      row(
          "storage: persisted notifies, 256 callers (notifies/s) vs raw JDBC batched inserts, 100"
              + " per commit",
          0.5,
          "raw JDBC",
          () -> measuredRate(StorageBenchmarks.NOTIFY_CRUSTER, args, db.url()),
          () -> measuredRate(StorageBenchmarks.NOTIFY_JDBC_BATCHED, args, db.url()));
    }
    DurableBenchmarks durable = new DurableBenchmarks(true, Set.of("cruster", "dbos"));
    durable.run("throughput");
    failures.addAll(durable.failures());
    row(
        "durable: workflows of 3 steps on PostgreSQL, 64 clients (workflows/s) vs DBOS Transact",
        2.0,
        "DBOS",
        () -> durable.results().rate("throughput", "cruster"),
        () -> durable.results().rate("throughput", "dbos"));
  }

  private Double measuredRate(String side, List<String> args, String db) {
    Object value = sideValue(StorageBenchmarks.class, side, args, db);
    return value == null ? null : ((StorageBenchmarks.Measured) value).rate();
  }

  private Double side(Class<?> suite, String side, List<String> args, String db) {
    Object value = sideValue(suite, side, args, db);
    return value == null ? null : ((Harness.Result) value).medianRate();
  }

  private Object sideValue(Class<?> suite, String side, List<String> args, String db) {
    System.err.print(side + " ... ");
    long t0 = System.nanoTime();
    try {
      Object value = Fork.side(suite, side, args, Duration.ofMinutes(2), db);
      System.err.printf(Locale.ROOT, "done (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      return value;
    } catch (Exception | Error e) {
      System.err.println("FAILED: " + e);
      failures.add(side + ": " + e.getMessage());
      return null;
    }
  }

  private void row(
      String name, double target, String peer, Supplier<Double> cruster, Supplier<Double> other) {
    Double c = cruster.get();
    Double p = other.get();
    if (c != null || p != null) {
      measured++;
    }
    double ratio = Suite.ratio(c, p);
    table.row(
        name,
        Suite.count(c),
        peer + " " + Suite.count(p),
        Format.ratio(ratio),
        Suite.target("≥ " + Format.ratio(target), ratio >= target, ratio));
  }
}
