package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Batches;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.ResultFile;
import io.cruster.benchmarks.peer.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report of the durable suite: the table (every framework's figure and Cruster's ratio to
 * each), the other targets of issue 12, then each missed target with its figure, then {@code
 * targets: N of M met}. A target whose figures were not measured in this run counts as not met and
 * is listed as not measured.
 */
final class DurableReport {
  static final List<String> PEERS = List.of("dbos", "restate", "jdbc");

  /** Issue 12's targets, in its order. */
  private static final int TARGETS = 6;

  private final DurableResults r;
  private final boolean quick;
  private final java.util.Set<String> ran;
  private final List<String> missed = new ArrayList<>();
  private int met;
  private int unmeasured;

  /** The report of {@code results} from the scenarios {@code ran} (rows of others are left out). */
  DurableReport(DurableResults results, boolean quick, java.util.Set<String> ran) {
    this.r = results;
    this.quick = quick;
    this.ran = ran;
  }

  static String column(String framework) {
    return switch (framework) {
      case "cruster" -> "Cruster";
      case "dbos" -> "DBOS";
      case "restate" -> "Restate";
      case "jdbc" -> "raw JDBC";
      default -> framework;
    };
  }

  /** One line about a side's result, for the progress log. */
  static String describe(ResultFile result) {
    if (result.samples().isEmpty()) {
      return result.values().toString();
    }
    double rate = Batches.median(result.samples(), Sample::perSecond);
    return String.format(Locale.ROOT, "median %s/s %s", Format.count(rate), result.values());
  }

  String render(List<String> failures) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("benchmark", "Cruster"));
    PEERS.forEach(p -> header.add(column(p)));
    PEERS.forEach(p -> header.add("Cruster/" + column(p)));
    header.add("target");
    line(out, header);
    line(out, header.stream().map(h -> "---").toList());
    int clients = PeerMain.CLIENTS;
    String flows = "workflows of " + PeerMain.THROUGHPUT_STEPS + " steps";

    // (1)
    figureRow(
        out,
        String.format(Locale.ROOT, "(1) %s, %d clients (workflows/s)", flows, clients),
        f -> r.rate("throughput", f),
        Format::count,
        "≥ 2× DBOS, ≥ 1× Restate");
    row(
        out,
        "(1) same, end to end p50 / p99 (ms; ratio of p50s, < 1: Cruster faster)",
        f -> r.millis("throughput", f, 0.5),
        f -> ms(r.millis("throughput", f, 0.5)) + " / " + ms(r.millis("throughput", f, 0.99)),
        "p50 below DBOS and Restate");
    target1();

    // (2)
    row(
        out,
        "(2) one durable step, one client, p50 / p99 (ms; ratio of p50s); raw JDBC: an autocommit"
            + " insert",
        f -> r.millis("step", f, 0.5),
        f -> ms(r.millis("step", f, 0.5)) + " / " + ms(r.millis("step", f, 0.99)),
        "p50 ≤ 0.5 ms");
    textRow(
        out,
        "(2) round trips / write transactions per step",
        f -> perStep(f),
        "1 round trip per step");
    figureRow(out, "(2) steps/s, one client", f -> r.rate("step", f), Format::count, "—");
    target2();

    // (3)
    row(
        out,
        String.format(
            Locale.ROOT,
            "(3) %,d workflows sleeping %d s durably: wake-up lag after the deadline, p50 / p99 (ms;"
                + " ratio of p99s)",
            PeerMain.NAPS,
            PeerMain.NAP_SECONDS),
        f -> r.millis("sleep", f, 0.99),
        f -> ms(r.millis("sleep", f, 0.5)) + " / " + ms(r.millis("sleep", f, 0.99)),
        "p99 ≤ 50 ms");
    target3();

    // (4)
    figureRow(
        out,
        String.format(
            Locale.ROOT,
            "(4) persisted notifies, %d clients over %,d keys (handled/s); raw JDBC: batched inserts,"
                + " 100 per commit, one thread (rows/s)",
            PeerMain.NOTIFY_CALLERS,
            PeerMain.NOTIFY_KEYS),
        f -> r.rate("notify", f),
        Format::count,
        "≥ 0.5× raw JDBC batched");
    target4();

    // (5)
    Double flowsRecovered = r.value("recovery", "cruster", "flows");
    figureRow(
        out,
        String.format(
            Locale.ROOT,
            "(5) recovery: %,d unfinished workflows after kill -9, restart → all finished (s)",
            flowsRecovered == null
                ? (quick ? 2_000 : DurableBenchmarks.RECOVERY_FLOWS)
                : flowsRecovered.intValue()),
        f -> r.value("recovery", f, "recovery-seconds"),
        v -> String.format(Locale.ROOT, "%.1f s", v),
        "—");

    out.append('\n');
    if (ran.contains("activity") || ran.contains("pipelined")) {
      otherTargets(out);
    } else {
      target(5, "public activity calls ≥ 1× Pekko", Double.NaN, false, "");
      target(6, "pipelined cross-node calls ≥ 0.5× raw gRPC", Double.NaN, false, "");
    }
    out.append('\n');
    missed.forEach(m -> out.append("- missed: ").append(m).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "targets: %d of %d met%s%n",
            met,
            TARGETS,
            unmeasured == 0 ? "" : " (" + unmeasured + " not measured in this run)"));
    failures.forEach(f -> out.append("- FAILED: ").append(f).append('\n'));
    return out.toString();
  }

  /** The rows of the two targets measured with the entity and cluster suites' sides. */
  private void otherTargets(StringBuilder out) {
    line(out, List.of("other targets of issue 12", "Cruster", "peer", "ratio", "target"));
    line(out, List.of("---", "---", "---", "---", "---"));
    double activity = ratio(r.activityCruster, r.activityPekko);
    line(
        out,
        List.of(
            "public activity calls, in memory, 64 callers over 1,000 entities (calls/s; entities suite)",
            count(r.activityCruster),
            "Pekko sharding " + count(r.activityPekko),
            Format.ratio(activity),
            "≥ 1× Pekko"));
    target(
        5, "public activity calls ≥ 1× Pekko", activity, activity >= 1.0, Format.ratio(activity));
    double pipelined = ratio(r.pipelinedCruster, r.pipelinedGrpc);
    line(
        out,
        List.of(
            "cross-node calls pipelined, 256 in flight (calls/s; cluster suite)",
            count(r.pipelinedCruster),
            "raw gRPC " + count(r.pipelinedGrpc),
            Format.ratio(pipelined),
            "≥ 0.5× raw gRPC"));
    target(
        6,
        "pipelined cross-node calls ≥ 0.5× raw gRPC",
        pipelined,
        pipelined >= 0.5,
        Format.ratio(pipelined));
  }

  // ---- targets

  private void target1() {
    Double c = r.rate("throughput", "cruster");
    Double d = r.rate("throughput", "dbos");
    Double s = r.rate("throughput", "restate");
    Double c50 = r.millis("throughput", "cruster", 0.5);
    Double d50 = r.millis("throughput", "dbos", 0.5);
    Double s50 = r.millis("throughput", "restate", 0.5);
    if (c == null || d == null || s == null) {
      target(1, "workflows/s ≥ 2× DBOS and ≥ 1× Restate, p50 below both", Double.NaN, false, "");
      return;
    }
    boolean ok =
        c >= 2 * d && c >= s && c50 != null && d50 != null && s50 != null && c50 < d50 && c50 < s50;
    target(
        1,
        "workflows/s ≥ 2× DBOS and ≥ 1× Restate, p50 below both",
        0,
        ok,
        String.format(
            Locale.ROOT,
            "%s/s = %s DBOS, %s Restate; p50 %s vs DBOS %s, Restate %s",
            Format.count(c),
            Format.ratio(c / d),
            Format.ratio(c / s),
            ms(c50),
            ms(d50),
            ms(s50)));
  }

  private void target2() {
    Double p50 = r.millis("step", "cruster", 0.5);
    Double trips = r.value("step", "cruster", "round-trips-per-step");
    if (p50 == null || trips == null) {
      target(2, "step p50 ≤ 0.5 ms and 1 round trip per step", Double.NaN, false, "");
      return;
    }
    // A little over 1 is the poller's background round trips, shared out over the steps.
    target(
        2,
        "step p50 ≤ 0.5 ms and 1 round trip per step",
        0,
        p50 <= 0.5 && trips <= 1.1,
        String.format(Locale.ROOT, "p50 %s, %.2f round trips per step", ms(p50), trips));
  }

  private void target3() {
    Double p99 = r.millis("sleep", "cruster", 0.99);
    target(
        3,
        "durable sleep wake-up lag p99 ≤ 50 ms",
        p99 == null ? Double.NaN : p99,
        p99 != null && p99 <= 50,
        "p99 " + ms(p99));
  }

  private void target4() {
    double ratio = ratio(r.rate("notify", "cruster"), r.rate("notify", "jdbc"));
    target(
        4,
        "persisted notifies ≥ 0.5× raw JDBC batched",
        ratio,
        ratio >= 0.5,
        count(r.rate("notify", "cruster")) + "/s = " + Format.ratio(ratio) + " raw JDBC batched");
  }

  /** Counts target {@code n}; {@code figure} NaN means not measured. */
  private void target(int n, String name, double figure, boolean ok, String detail) {
    if (Double.isNaN(figure)) {
      unmeasured++;
      missed.add("(" + n + ") " + name + ": not measured in this run");
    } else if (ok) {
      met++;
    } else {
      missed.add("(" + n + ") " + name + ": " + detail);
    }
  }

  // ---- rows

  /** A row of one figure per framework, formatted by {@code format}, with Cruster's ratios. */
  private void figureRow(
      StringBuilder out,
      String name,
      Function<String, Double> figure,
      Function<Double, String> format,
      String target) {
    if (!ran.contains(scenarioOf(name))) {
      return;
    }
    row(
        out,
        name,
        figure,
        f -> figure.apply(f) == null ? "—" : format.apply(figure.apply(f)),
        target);
  }

  /** A row whose cells are {@code cell}; the ratios are of {@code figure} (Cruster / peer). */
  private void row(
      StringBuilder out,
      String name,
      Function<String, Double> figure,
      Function<String, String> cell,
      String target) {
    if (!ran.contains(scenarioOf(name))) {
      return;
    }
    List<String> cells = new ArrayList<>(List.of(name, cell.apply("cruster")));
    PEERS.forEach(p -> cells.add(cell.apply(p)));
    Double c = figure.apply("cruster");
    PEERS.forEach(p -> cells.add(Format.ratio(ratio(c, figure.apply(p)))));
    cells.add(target);
    line(out, cells);
  }

  private void textRow(
      StringBuilder out, String name, Function<String, String> cell, String target) {
    if (!ran.contains(scenarioOf(name))) {
      return;
    }
    List<String> cells = new ArrayList<>(List.of(name, cell.apply("cruster")));
    PEERS.forEach(p -> cells.add(cell.apply(p)));
    PEERS.forEach(p -> cells.add("—"));
    cells.add(target);
    line(out, cells);
  }

  /** The scenario of a row, from the workload number it starts with. */
  private static String scenarioOf(String rowName) {
    return switch (rowName.substring(0, 3)) {
      case "(1)" -> "throughput";
      case "(2)" -> "step";
      case "(3)" -> "sleep";
      case "(4)" -> "notify";
      case "(5)" -> "recovery";
      default -> throw new IllegalArgumentException(rowName);
    };
  }

  private String perStep(String framework) {
    Double trips = r.value("step", framework, "round-trips-per-step");
    Double tx = r.value("step", framework, "transactions-per-step");
    if (trips == null && tx == null) {
      return "—";
    }
    return String.format(
        Locale.ROOT,
        "%s / %s",
        trips == null ? "—" : String.format(Locale.ROOT, "%.2f", trips),
        tx == null ? "—" : String.format(Locale.ROOT, "%.2f", tx));
  }

  private static double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? Double.NaN : a / b;
  }

  private static String count(Double v) {
    return v == null ? "—" : Format.count(v);
  }

  /** Milliseconds with three significant digits. */
  static String ms(Double v) {
    if (v == null || v.isNaN()) {
      return "—";
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f ms" : a >= 10 ? "%.1f ms" : a >= 1 ? "%.2f ms" : "%.3f ms";
    return String.format(Locale.ROOT, pattern, v);
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
