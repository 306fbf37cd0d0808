package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.ResultFile;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One framework's process of the durable benchmarks, started and stopped by the harness: a JVM
 * running that framework's {@link PeerMain} on its own class path (Cruster's and raw JDBC's: the
 * benchmarks jar; DBOS's and Restate's: their modules' jars under {@code benchmarks/peers}), with
 * the same {@code java} and JVM options for every framework. Its stdout and stderr go to the
 * harness's stderr, prefixed with its name; {@link #awaitLoaded} waits for the {@value
 * PeerMain#LOADED} line of the recovery workload's first phase, {@link #kill} is a real {@code kill
 * -9}. Thread-safe.
 */
final class PeerProcess implements AutoCloseable {
  /** The heap of every framework's JVM. */
  static final List<String> HEAP = List.of("-Xms2g", "-Xmx2g");

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path result;
  private final CompletableFuture<String> loaded = new CompletableFuture<>();

  private PeerProcess(String name, Process process, Path result) {
    this.name = name;
    this.process = process;
    this.result = result;
    pump(process.getInputStream(), true);
    pump(process.getErrorStream(), false);
  }

  /**
   * Starts {@code mainClass} on {@code classPath} with {@code --workload=workload}, a fresh result
   * file and {@code args}; returns at once.
   */
  static PeerProcess start(
      String name, String classPath, String mainClass, String workload, List<String> args)
      throws IOException {
    Path result = Files.createTempFile("cruster-bench-peer-", ".txt");
    List<String> command = Fork.javaCommand(false, HEAP, classPath);
    command.add(mainClass);
    command.add("--workload=" + workload);
    command.add("--result=" + result);
    command.addAll(args);
    return new PeerProcess(name, new ProcessBuilder(command).start(), result);
  }

  private void pump(java.io.InputStream stream, boolean stdout) {
    Thread.ofPlatform()
        .daemon()
        .name(name + (stdout ? "-out" : "-err"))
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  if (stdout && line.startsWith(PeerMain.LOADED)) {
                    loaded.complete(line);
                  } else {
                    System.err.println("  [" + name + "] " + line);
                  }
                }
              } catch (IOException e) {
                System.err.println("  [" + name + "] unreadable output: " + e);
              }
              if (stdout) {
                loaded.completeExceptionally(
                    new ScenarioFailedException(name + " exited before it had loaded its flows"));
              }
            });
  }

  /** Waits, bounded, for the recovery workload's {@value PeerMain#LOADED} line. */
  String awaitLoaded(Duration timeout) {
    return Await.future(loaded, timeout, name + " starting its flows");
  }

  /** Waits, bounded, until the process exits, and reads its result file. */
  ResultFile awaitResult(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new ScenarioFailedException(
          name + " was still running after " + timeout.toSeconds() + " s; killed");
    }
    ResultFile file = Files.size(result) == 0 ? null : ResultFile.read(result);
    Files.deleteIfExists(result);
    if (file == null) {
      throw new ScenarioFailedException(
          name + " exited with " + process.exitValue() + " and no result");
    }
    if (file.error() != null) {
      throw new ScenarioFailedException(name + ": " + file.error());
    }
    return file;
  }

  /** {@code kill -9}, and waits (bounded) until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Kills the process if it still runs and removes its result file. Idempotent. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        kill();
      }
      Files.deleteIfExists(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a temp file left behind
    }
  }

  /** The JVM options of every framework's process, for the report. */
  static String describeJvm() {
    List<String> options = new ArrayList<>(HEAP);
    String extra = System.getenv(Fork.EXTRA_OPTIONS_VARIABLE);
    if (extra != null && !extra.isBlank()) {
      options.add(extra.strip());
    }
    return String.join(" ", options);
  }
}
