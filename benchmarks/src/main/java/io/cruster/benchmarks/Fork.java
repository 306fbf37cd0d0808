package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Each side of each scenario in a JVM of its own: the suite's JVM is only the harness, which forks
 * one child JVM per framework and scenario, waits for it and reads back what it measured, so that
 * one framework's JIT profile, heap and leftover threads cannot bias another's figures.
 *
 * <p>The child is the same suite main with the same {@code java}, JVM options and class path, given
 * {@code --only=<scenario> --fork-side=<side> --fork-result=<file>}: it goes through the scenario's
 * code, skips every side but its own, runs that one, writes its value ({@link Serializable}) or its
 * failure to the file and halts. A database the harness created is handed to the child ({@value
 * #DATABASE_PROPERTY}), which uses it without creating or dropping it.
 *
 * <p>{@value #EXTRA_OPTIONS_VARIABLE} in the environment adds JVM options to every child (e.g. to
 * profile a side with {@code -XX:StartFlightRecording=...}); {@code --in-process} runs the sides in
 * the suite's own JVM as before (for debugging).
 */
final class Fork {
  static final String SIDE_ARGUMENT = "--fork-side=";
  static final String RESULT_ARGUMENT = "--fork-result=";

  /** The JDBC URL of the database the harness created, for a child to use as it is. */
  static final String DATABASE_PROPERTY = "bench.database.url";

  /** More JVM options for every forked JVM (sides, peers, node JVMs); space-separated. */
  static final String EXTRA_OPTIONS_VARIABLE = "BENCH_FORK_JAVA_OPTS";

  /** Beyond the side's own limit: starting the JVM, the scenario's set-up, writing the result. */
  private static final Duration MARGIN = Duration.ofMinutes(1);

  /** What a child writes when its side failed. */
  record Failure(String message) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private Fork() {}

  /**
   * The command that starts a JVM like this one: the same {@code java} and options (without agents
   * and recordings; with {@code keepHeap} false, without heap sizes either), then {@code options},
   * then {@value #EXTRA_OPTIONS_VARIABLE}, then {@code -cp} with this class path. Append the main
   * class and its arguments.
   */
  static List<String> javaCommand(boolean keepHeap, List<String> options) {
    return javaCommand(keepHeap, options, System.getProperty("java.class.path"));
  }

  /** As {@link #javaCommand(boolean, List)}, with another class path. */
  static List<String> javaCommand(boolean keepHeap, List<String> options, String classPath) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean heap =
          arg.startsWith("-Xmx")
              || arg.startsWith("-Xms")
              || arg.startsWith("-XX:MaxHeapSize")
              || arg.startsWith("-XX:InitialHeapSize");
      boolean tooling =
          arg.startsWith("-agentlib")
              || arg.startsWith("-javaagent")
              || arg.startsWith("-XX:StartFlightRecording")
              || arg.startsWith("-D" + DATABASE_PROPERTY + "=");
      if (!tooling && (keepHeap || !heap)) {
        command.add(arg);
      }
    }
    command.addAll(options);
    String extra = System.getenv(EXTRA_OPTIONS_VARIABLE);
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.strip().split("\\s+")));
    }
    command.addAll(List.of("-cp", classPath));
    return command;
  }

  /**
   * Runs side {@code side} of suite {@code main} in a child JVM with {@code args} (the scenario's
   * {@code --only=...}, {@code --quick}) and returns its value; throws {@link
   * ScenarioFailedException} with the child's failure, or if it died or outlived {@code limit}.
   */
  static Object side(Class<?> main, String side, List<String> args, Duration limit)
      throws IOException, InterruptedException {
    return side(main, side, args, limit, BenchDatabase.created());
  }

  /** As {@link #side(Class, String, List, Duration)}, the child using the database {@code db}. */
  static Object side(Class<?> main, String side, List<String> args, Duration limit, String db)
      throws IOException, InterruptedException {
    Path result = Files.createTempFile("cruster-bench-side-", ".ser");
    try {
      List<String> options = new ArrayList<>();
      if (db != null) {
        options.add("-D" + DATABASE_PROPERTY + "=" + db);
      }
      List<String> command = javaCommand(true, options);
      command.add(main.getName());
      command.addAll(args);
      command.add(SIDE_ARGUMENT + side);
      command.add(RESULT_ARGUMENT + result);
      Process child =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      copyToStderr(child.getInputStream(), side);
      Duration wait = limit.plus(MARGIN);
      if (!child.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new ScenarioFailedException(
            "the JVM of " + side + " was still running after " + wait.toSeconds() + " s; killed");
      }
      if (Files.size(result) == 0) {
        throw new ScenarioFailedException(
            "the JVM of " + side + " exited with " + child.exitValue() + " and no result");
      }
      Object value;
      try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(result))) {
        value = in.readObject();
      } catch (ClassNotFoundException e) {
        throw new ScenarioFailedException("unreadable result of " + side + ": " + e, e);
      }
      if (value instanceof Failure f) {
        throw new ScenarioFailedException(f.message());
      }
      return value;
    } finally {
      Files.deleteIfExists(result);
    }
  }

  /** Child side: writes the side's value (null allowed) and halts the JVM. */
  static void finish(Path result, Object value) {
    write(result, value);
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  /** Child side: writes the side's failure and halts the JVM. */
  static void fail(Path result, String message, int status) {
    write(result, new Failure(message));
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  private static void write(Path result, Object value) {
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(result))) {
      out.writeObject(value);
    } catch (IOException e) {
      System.err.println("cannot write the side's result to " + result + ": " + e);
    }
  }

  /** The child's stdout goes to the harness's stderr: the harness's stdout is the table. */
  static void copyToStderr(InputStream stream, String name) {
    Thread.ofPlatform()
        .daemon()
        .name("fork-out")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  System.err.println(line);
                }
              } catch (IOException e) {
                System.err.println("[" + name + "] stdout unreadable: " + e);
              }
            });
  }
}
