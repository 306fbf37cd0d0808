package io.cruster.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@code main} class run in a JVM of its own (the test's java binary and class path), for tests
 * that need separate processes: cluster runners, crash tests. Its stdout lines (the application's
 * events) and stderr lines (its logs) are read on threads of their own and time-stamped as they
 * arrive; {@link #kill()} is a real {@code kill -9} ({@link Process#destroyForcibly()} sends
 * SIGKILL on Linux), {@link #terminate()} a SIGTERM (shutdown hooks run).
 *
 * <pre>{@code
 * try (ForkedJvm runner = ForkedJvm.start("runner-1", RunnerApp.class, List.of(url), Map.of())) {
 *   runner.awaitLine("READY", Duration.ofSeconds(30));
 *   runner.kill();
 * }
 * }</pre>
 *
 * Thread-safe. Waits are bounded by the duration given.
 */
public final class ForkedJvm implements AutoCloseable {
  /** The exit status of a process killed with SIGKILL: 128 + 9. */
  public static final int KILLED = 137;

  /**
   * A line of stdout and when it was read ({@link System#nanoTime()}).
   *
   * @param readAtNanos when the test read it
   * @param text the line
   */
  public record Line(long readAtNanos, String text) {
    /** The {@code index}-th space-separated word (0: the event name). */
    public String word(int index) {
      return text.split(" ")[index];
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private final String name;
  private final Process process;
  private final List<Line> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread outReader;
  private final Thread errReader;

  private ForkedJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.outReader =
        read(process.getInputStream(), text -> out.add(new Line(System.nanoTime(), text)), "out");
    this.errReader = read(process.getErrorStream(), err::add, "err");
  }

  /**
   * Starts {@code mainClass} with {@code args} in a new JVM on the test's class path, with {@code
   * environment} added to the test's own. Small-machine flags keep it quick to start (C1 only,
   * serial GC).
   */
  public static ForkedJvm start(
      String name, Class<?> mainClass, List<String> args, Map<String, String> environment) {
    return start(name, List.of(), mainClass, args, environment);
  }

  /**
   * As {@link #start(String, Class, List, Map)}, with the java command run by {@code launcher}: a
   * command prefix that execs what follows, such as {@code ip netns exec <namespace>} to start the
   * JVM in a network namespace. The launcher must exec (not fork) the JVM, so that {@link #pid()}
   * and {@link #kill()} reach the JVM itself.
   */
  public static ForkedJvm start(
      String name,
      List<String> launcher,
      Class<?> mainClass,
      List<String> args,
      Map<String, String> environment) {
    List<String> command = new ArrayList<>(launcher);
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () -> new IllegalStateException("cannot tell which java binary runs the tests")));
    if (Runtime.version().feature() >= 23) {
      // Kryo and netty still use sun.misc.Unsafe; keep the JDK's warnings out of the logs.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    try {
      return new ForkedJvm(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private Thread read(InputStream stream, Consumer<String> sink, String which) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  sink.accept(line);
                  signal();
                }
              } catch (IOException e) {
                sink.accept("<" + which + " of " + name + " unreadable: " + e + ">");
              } finally {
                signal();
              }
            },
            name + "-" + which);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The name given at start. */
  public String name() {
    return name;
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Every stdout line so far. */
  public List<Line> lines() {
    return List.copyOf(out);
  }

  /** Every stderr line (its logs) so far. */
  public List<String> logLines() {
    return List.copyOf(err);
  }

  /** Whether a line equal to {@code event}, or starting with it and a space, was printed. */
  public boolean printed(String event) {
    return first(event).isPresent();
  }

  /** The first such line. */
  public Optional<Line> first(String event) {
    return out.stream().filter(l -> matches(l, event)).findFirst();
  }

  /** Every such line. */
  public List<Line> all(String event) {
    return out.stream().filter(l -> matches(l, event)).toList();
  }

  private static boolean matches(Line line, String event) {
    return line.text().equals(event) || line.text().startsWith(event + " ");
  }

  /**
   * Waits until the process prints {@code event} (see {@link #printed}) and returns the line;
   * throws {@link AssertionError}, with the process's output, when it exits first or {@code within}
   * passes.
   */
  public Line awaitLine(String event, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    lock.lock();
    try {
      while (!printed(event) && outReader.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              name + " did not print '" + event + "' within " + within + transcript());
        }
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for '" + event + "' from " + name, e);
    } finally {
      lock.unlock();
    }
    return first(event)
        .orElseThrow(
            () ->
                new AssertionError(
                    name
                        + " ended (exit "
                        + exitText()
                        + ") without printing '"
                        + event
                        + "'"
                        + transcript()));
  }

  /**
   * Kills the process with SIGKILL, waits until it is gone and returns its exit status ({@value
   * #KILLED}).
   */
  public int kill() {
    process
        .toHandle()
        .destroyForcibly(); // the handle's signal leaves the pipes open: the output is read to its
    // end
    return awaitExit(Duration.ofSeconds(10));
  }

  /**
   * Sends SIGTERM (its shutdown hooks run), waits up to {@code within} for it to exit, returns its
   * exit status.
   */
  public int terminate(Duration within) {
    process.toHandle().destroy();
    return awaitExit(within);
  }

  /** Waits until the process exits and its output is read; returns its exit status. */
  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(name + " still runs after " + within + transcript());
      }
      outReader.join(within.toMillis() + 1);
      errReader.join(within.toMillis() + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name + " to exit", e);
    }
    return process.exitValue();
  }

  private String exitText() {
    return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
  }

  /** The process's stdout and the tail of its stderr, for failure messages. */
  public String transcript() {
    StringBuilder t =
        new StringBuilder("\n--- ")
            .append(name)
            .append(" (pid ")
            .append(process.pid())
            .append(", exit ")
            .append(exitText())
            .append(") stdout:");
    out.forEach(l -> t.append("\n  ").append(l.text()));
    List<String> tail = err.subList(Math.max(0, err.size() - 60), err.size());
    t.append("\n--- ")
        .append(name)
        .append(" stderr (last ")
        .append(tail.size())
        .append(" of ")
        .append(err.size())
        .append(" lines):");
    tail.forEach(l -> t.append("\n  ").append(l));
    return t.toString();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
