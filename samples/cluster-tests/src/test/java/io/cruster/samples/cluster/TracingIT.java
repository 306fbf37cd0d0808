package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.internal.ShardHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace across two runner processes: a call forwarded from one runner to the other, and a
 * workflow whose runner is killed with {@code kill -9} mid-run and that the other runner finishes
 * from the trace context stored with its request. Each runner writes its ended spans to a file
 * ({@code CLUSTER_SPANS_FILE}); a call carries the test's W3C {@code traceparent}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TracingIT extends ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** One line of a spans file. */
  record SpanLine(String traceId, String spanId, String parentId, String name, String runner) {}

  private static List<SpanLine> spans(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream()
          .map(l -> l.split("\t"))
          .filter(f -> f.length == 5)
          .map(f -> new SpanLine(f[0], f[1], f[2], f[3], f[4]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> namesIn(Path file, String traceId) {
    return spans(file).stream()
        .filter(s -> s.traceId().equals(traceId))
        .map(SpanLine::name)
        .toList();
  }

  private static String newTraceId() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static Map<String, String> traceparent(String traceId) {
    return Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
  }

  private static String idOwnedBy(Map<ShardId, String> owners, Runner runner, String prefix) {
    for (int i = 0; ; i++) {
      String id = prefix + i;
      if (owners
          .get(ShardHash.shardOf("default", id, RunnerCluster.SHARDS))
          .equals(runner.address())) {
        return id;
      }
    }
  }

  @Test
  void oneTraceSpansBothRunnersAcrossAHopAndAWorkflowFinishedAfterAKill(@TempDir Path dir) {
    Path fileA = dir.resolve("a.spans");
    Path fileB = dir.resolve("b.spans");
    Runner a = cluster.start(1, Map.of("CLUSTER_SPANS_FILE", fileA.toString())).get(0);
    Runner b = cluster.start(1, Map.of("CLUSTER_SPANS_FILE", fileB.toString())).get(0);
    Map<ShardId, String> owners = cluster.awaitSettled(List.of(a, b), WAIT);

    // A call made at A for an entity B serves: A saves and forwards it, B runs it.
    String hopTrace = newTraceId();
    String account = idOwnedBy(owners, b, "traced-acct-");
    assertEquals("5", a.get("/deposit?id=" + account + "&amount=5", traceparent(hopTrace)));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<String> atA = namesIn(fileA, hopTrace);
              List<String> atB = namesIn(fileB, hopTrace);
              assertTrue(atA.stream().anyMatch(n -> n.startsWith("call Account/")), "A: " + atA);
              assertTrue(atA.stream().anyMatch(n -> n.startsWith("hop Account/")), "A: " + atA);
              assertTrue(atB.stream().anyMatch(n -> n.startsWith("serve Account/")), "B: " + atB);
              assertTrue(atB.stream().anyMatch(n -> n.startsWith("handle Account/")), "B: " + atB);
            });

    // A workflow started through A runs on B; B is killed mid-run; A resumes it from storage.
    String crashTrace = newTraceId();
    String pipeline = idOwnedBy(owners, b, "traced-pipe-");
    assertEquals(
        "STARTED",
        a.get("/run?id=" + pipeline + "&run=t1&steps=5&pause=1000", traceparent(crashTrace)));
    await()
        .atMost(WAIT)
        .until(() -> cluster.db.number("SELECT count(*) FROM step_runs WHERE run_id = 't1'") >= 2);
    cluster.kill(b);
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.db.number("SELECT count(DISTINCT step) FROM step_runs WHERE run_id = 't1'")
                    == 5);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<String> atA = namesIn(fileA, crashTrace);
              assertTrue(
                  atA.stream().anyMatch(n -> n.startsWith("workflow Pipeline/")),
                  "A resumed the execution in the caller's trace: " + atA);
              assertTrue(
                  atA.stream().anyMatch(n -> n.startsWith("step ") && n.contains(" activity ")),
                  "A ran the remaining steps in it: " + atA);
            });
    List<String> atB = namesIn(fileB, crashTrace);
    assertTrue(
        atB.stream().anyMatch(n -> n.startsWith("step ") && n.contains(" activity ")),
        "B ran the first steps in the same trace before it was killed: " + atB);
    assertTrue(
        cluster.db.number(
                "SELECT count(*) FROM step_runs WHERE run_id = 't1' AND runner = ?", a.id())
            > 0,
        "the workflow went on at A");
  }
}
