package io.cruster.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The markdown report: one row per figure, Cruster and its peer (Pekko, raw JDBC, raw gRPC) side by
 * side.
 */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table whose peer column is headed {@code peer}. */
  Table(String peer) {
    header = List.of("benchmark", "Cruster", peer, "ratio (Cruster/" + peer + ")", "target");
  }

  void row(String... cells) {
    rows.add(List.of(cells));
  }

  String render() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    line(out, header.stream().map(h -> "---").toList());
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
