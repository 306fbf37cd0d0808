package io.cruster.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The markdown report: one row per figure, Cruster and Pekko side by side. */
final class Table {
  private static final List<String> HEADER = List.of("benchmark", "Cruster", "Pekko", "ratio (Cruster/Pekko)", "target");
  private final List<List<String>> rows = new ArrayList<>();

  void row(String... cells) {
    rows.add(List.of(cells));
  }

  String render() {
    StringBuilder out = new StringBuilder();
    line(out, HEADER);
    line(out, HEADER.stream().map(h -> "---").toList());
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
