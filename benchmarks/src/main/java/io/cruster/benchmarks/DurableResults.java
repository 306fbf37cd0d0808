package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Batches;
import io.cruster.benchmarks.peer.ResultFile;
import io.cruster.benchmarks.peer.Sample;
import java.util.HashMap;
import java.util.Map;

/**
 * What the durable suite measured: per scenario and framework, the side's {@link ResultFile}; and
 * the rates of the entity and cluster sides it ran for the other targets of issue 12. Figures are
 * null where a side did not run or failed.
 */
final class DurableResults {
  private final Map<String, Map<String, ResultFile>> sides = new HashMap<>();
  Double activityCruster;
  Double activityPekko;
  Double pipelinedCruster;
  Double pipelinedGrpc;

  void put(String scenario, String framework, ResultFile result) {
    sides.computeIfAbsent(scenario, s -> new HashMap<>()).put(framework, result);
  }

  private ResultFile get(String scenario, String framework) {
    return sides.getOrDefault(scenario, Map.of()).get(framework);
  }

  /** The median rate over the measured batches (operations/s). */
  Double rate(String scenario, String framework) {
    ResultFile r = get(scenario, framework);
    return r == null || r.samples().isEmpty()
        ? null
        : Batches.median(r.samples(), Sample::perSecond);
  }

  /** The median over batches of the q-quantile of per-operation latency, in milliseconds. */
  Double millis(String scenario, String framework, double q) {
    ResultFile r = get(scenario, framework);
    return r == null || r.samples().isEmpty() || r.samples().get(0).latencies().length == 0
        ? null
        : Batches.median(r.samples(), s -> Batches.percentile(s.latencies(), q)) / 1e6;
  }

  /** A named figure of the side ({@code value} lines of its result file). */
  Double value(String scenario, String framework, String key) {
    ResultFile r = get(scenario, framework);
    return r == null ? null : r.values().get(key);
  }
}
