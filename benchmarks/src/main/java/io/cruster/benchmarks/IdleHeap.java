package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Heap bytes per idle actor, measured in a forked JVM per framework so neither pollutes the other's
 * heap. The child starts the framework, warms its spawn path, settles the heap, spawns the actors
 * (children of one parent, one shared receive behavior, each handled one message), settles again,
 * and prints the difference divided by the count. Settling = {@code System.gc()} until used heap
 * stops moving.
 */
final class IdleHeap {
  private static final String RESULT_PREFIX = "idle-heap-bytes-per-actor=";
  private static final Duration FORK_TIMEOUT = Duration.ofMinutes(4);
  private static final long WARMUP_ACTORS = 20_000;

  /** Used heap is settled when two consecutive full collections differ by less than this. */
  private static final long SETTLED_BYTES = 1 << 20;

  private IdleHeap() {}

  /** Parent side: forks a JVM with this classpath and returns bytes per idle actor. */
  static double measureInFork(String framework, long actors)
      throws IOException, InterruptedException {
    List<String> command = Fork.javaCommand(false, List.of("-Xmx4g"));
    command.addAll(List.of(IdleHeap.class.getName(), framework, Long.toString(actors)));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> output = new ArrayList<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(process, output));
    if (!process.waitFor(FORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new ScenarioFailedException(
          framework + " idle-heap JVM did not finish within " + FORK_TIMEOUT.toMinutes() + " min");
    }
    reader.join(5_000);
    synchronized (output) {
      for (String line : output) {
        if (line.startsWith(RESULT_PREFIX)) {
          return Double.parseDouble(line.substring(RESULT_PREFIX.length()));
        }
      }
      throw new ScenarioFailedException(
          framework
              + " idle-heap JVM exited with "
              + process.exitValue()
              + " and no result; its output: "
              + output);
    }
  }

  private static void readLines(Process process, List<String> sink) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (sink) {
          sink.add(line);
        }
      }
    } catch (IOException e) {
      synchronized (sink) {
        sink.add("(reading the child's output failed: " + e + ")");
      }
    }
  }

  /** Child side: {@code IdleHeap cruster|pekko ACTORS}. */
  public static void main(String[] args) throws Exception {
    String framework = args[0];
    long actors = Long.parseLong(args[1]);
    SpawnWorkload workload =
        switch (framework) {
          case "cruster" -> SpawnCruster.open();
          case "pekko" -> SpawnPekko.open();
          default ->
              throw new IllegalArgumentException(
                  "unknown framework " + framework + " (cruster|pekko)");
        };
    long t0 = System.nanoTime();
    workload.run(WARMUP_ACTORS); // loads and initializes whatever the spawn path allocates once
    workload.run(WARMUP_ACTORS);
    long before = settledUsedHeap();
    long t1 = System.nanoTime();
    workload.holdIdle(actors);
    long t2 = System.nanoTime();
    long after = settledUsedHeap();
    long t3 = System.nanoTime();
    Reference.reachabilityFence(
        workload); // the actors must stay reachable through both measurements
    System.err.printf(
        Locale.ROOT,
        "[%s idle heap: warm-up %.1f s, %,d actors %.1f s, settle %.1f s; used heap %,d -> %,d B] ",
        framework,
        (t1 - t0) / 1e9,
        actors,
        (t2 - t1) / 1e9,
        (t3 - t2) / 1e9,
        before,
        after);
    System.out.printf(Locale.ROOT, "%s%.1f%n", RESULT_PREFIX, (after - before) / (double) actors);
    System.out.flush();
    // No orderly shutdown: stopping a million actors takes longer than the measurement, and the JVM
    // is done.
    Runtime.getRuntime().halt(0);
  }

  private static long settledUsedHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      Thread.sleep(200);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (i >= 2 && Math.abs(previous - used) < SETTLED_BYTES) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
