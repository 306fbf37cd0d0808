package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The harness's handle on one {@link ClusterNode} JVM: the same {@code java} binary, JVM options
 * (but heap sizes and agents) and class path as the harness, as the testkit's {@code ForkedJvm}
 * starts test processes. Its stdout is read for the {@value ClusterNode#READY} and {@value
 * ClusterNode#LEFT} lines on a thread of its own; its stderr (the runner's warnings) is copied to
 * the harness's stderr, each line prefixed with the node's name. {@link #kill()} is a real {@code
 * kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux); {@link #leave()} closes the
 * node's stdin, on which it leaves the cluster gracefully. {@link #close()} kills it if it still
 * runs. Thread-safe.
 *
 * <p>{@value #EXTRA_OPTIONS_VARIABLE} in the environment adds JVM options to every node, e.g. to
 * profile one.
 */
final class NodeProcess implements AutoCloseable {
  /** How the node's JVM is tuned. */
  enum Jvm {
    /**
     * A node whose speed is measured (the calls scenarios): the harness's JIT and collector, a 1 GB
     * heap.
     */
    MEASURED(List.of("-Xms1g", "-Xmx1g")),
    /**
     * A node of the failover and movement scenarios, where what is timed is the lease and the
     * hand-over, not the node's code: C1 only and the serial collector, so four JVMs start quickly
     * side by side on a small machine.
     */
    SHORT_LIVED(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));

    final List<String> options;

    Jvm(List<String> options) {
      this.options = options;
    }
  }

  /**
   * More JVM options for every node, such as a profiler's ({@code -XX:StartFlightRecording=...});
   * space-separated.
   */
  static final String EXTRA_OPTIONS_VARIABLE = "BENCH_NODE_JAVA_OPTS";

  /** Starting a JVM, applying migrations and joining etcd on a loaded two-core machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * A graceful leave hands every shard over (up to twice the runner's hand-over timeout), then
   * exits.
   */
  private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final CompletableFuture<String> left = new CompletableFuture<>();
  private volatile String address;
  private volatile int rawPort;

  private NodeProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    read(process.getInputStream(), this::onLine, "out", this::onStdoutEnd);
    read(
        process.getErrorStream(),
        line -> System.err.println("[" + name + "] " + line),
        "err",
        () -> {});
  }

  /**
   * Starts a node JVM running {@code ClusterNode args...}; returns at once ({@link #awaitReady()}
   * waits).
   */
  static NodeProcess start(String name, Jvm jvm, List<String> args) {
    List<String> command = javaCommand(jvm);
    command.add(ClusterNode.class.getName());
    command.addAll(args);
    try {
      return new NodeProcess(name, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new ScenarioFailedException("cannot start " + name + ": " + command, e);
    }
  }

  /**
   * The command that starts a JVM like this one, tuned as {@code jvm} (plus {@value
   * #EXTRA_OPTIONS_VARIABLE}); append the main class and its arguments.
   */
  private static List<String> javaCommand(Jvm jvm) {
    List<String> options = new ArrayList<>(jvm.options);
    options.add("-D" + BenchInstrumentation.PROPERTY + "=" + BenchInstrumentation.mode());
    String extra = System.getenv(EXTRA_OPTIONS_VARIABLE);
    if (extra != null && !extra.isBlank()) {
      options.addAll(List.of(extra.strip().split("\\s+")));
    }
    return Fork.javaCommand(false, options);
  }

  /**
   * Starts a node JVM running only the raw gRPC echo server ({@link ClusterNode#RAW_GRPC_ONLY});
   * returns at once.
   */
  static NodeProcess startRawEcho(String name) {
    return start(name, Jvm.MEASURED, List.of(ClusterNode.RAW_GRPC_ONLY));
  }

  private void onLine(String line) {
    if (line.startsWith(ClusterNode.READY + " ")) {
      for (String word : line.split(" ")) {
        if (word.startsWith("address=")) {
          address = word.substring("address=".length());
        } else if (word.startsWith("raw=")) {
          rawPort = Integer.parseInt(word.substring("raw=".length()));
        }
      }
      ready.complete(line);
    } else if (line.startsWith(ClusterNode.LEFT + " ")) {
      left.complete(line);
    } else {
      System.err.println("[" + name + "] " + line);
    }
  }

  /**
   * The node's stdout ended (it exited, or was killed): nobody waits for a line that can no longer
   * come.
   */
  private void onStdoutEnd() {
    ScenarioFailedException ended =
        new ScenarioFailedException(name + " (pid " + process.pid() + ") exited");
    ready.completeExceptionally(ended);
    left.completeExceptionally(ended);
  }

  private void read(InputStream stream, Consumer<String> sink, String which, Runnable atEnd) {
    Thread.ofPlatform()
        .daemon()
        .name(name + "-" + which)
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  sink.accept(line);
                }
              } catch (IOException e) {
                System.err.println("[" + name + "] " + which + " unreadable: " + e);
              }
              atEnd.run();
            });
  }

  /**
   * Waits, bounded, until the node's runner has joined the cluster; returns this node. Kills it if
   * it does not.
   */
  NodeProcess awaitReady() {
    try {
      Await.future(ready, START_TIMEOUT, name + " (pid " + process.pid() + ") starting");
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  /** The {@code host:port} of its runner; set once ready. */
  String address() {
    return address;
  }

  /** The port of its raw gRPC echo server (0: none); set once ready. */
  int rawPort() {
    return rawPort;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGKILL and waits, bounded, until the process is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /**
   * Closes the node's stdin, so that it leaves the cluster gracefully, and waits, bounded, until it
   * has and exited. Returns how long its {@code close()} took, as the node measured it.
   */
  Duration leave() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new ScenarioFailedException("cannot close the stdin of " + name, e);
    }
    String line = Await.future(left, LEAVE_TIMEOUT, name + " leaving the cluster");
    awaitExit();
    return Duration.ofMillis(
        Long.parseLong(line.substring(line.indexOf("millis=") + "millis=".length()).strip()));
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ScenarioFailedException(
            name
                + " (pid "
                + process.pid()
                + ") did not exit within "
                + EXIT_TIMEOUT.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioFailedException("interrupted while waiting for " + name + " to exit");
    }
  }

  @Override
  public String toString() {
    return name + " (" + (address == null ? "starting" : address) + ", pid " + process.pid() + ")";
  }

  /** Kills the node if it still runs. Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
