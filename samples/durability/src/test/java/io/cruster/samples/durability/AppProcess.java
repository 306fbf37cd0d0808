package io.cruster.samples.durability;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One run of {@link DurabilityApp} in a JVM of its own (the test's java binary and class path). Its stdout event
 * lines and its stderr log lines are read on threads of their own, time-stamped as they arrive; {@link #kill()} is a
 * real {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux). Thread-safe.
 */
final class AppProcess implements AutoCloseable {
  /** SIGKILL's exit status: 128 + 9. */
  static final int KILLED = 137;

  /** A line of stdout and when the test read it ({@link System#nanoTime()}). */
  record Line(long readAtNanos, String text) {
    /** The {@code index}-th word (0: the event name). */
    String word(int index) {
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
  private final Thread outReader;
  private final Thread errReader;

  private AppProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.outReader = read(process.getInputStream(), text -> out.add(new Line(System.nanoTime(), text)), "out");
    this.errReader = read(process.getErrorStream(), err::add, "err");
  }

  /** Starts {@code DurabilityApp <databaseUrl> <args...>}. */
  static AppProcess start(String name, String databaseUrl, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs the tests")));
    if (Runtime.version().feature() >= 23) {
      // Kryo and netty still use sun.misc.Unsafe; keep the JDK's warnings out of the logs.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    // Starts faster on small machines; the app is short-lived.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DurabilityApp.class.getName());
    command.add(databaseUrl);
    command.addAll(List.of(args));
    try {
      return new AppProcess(name, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private Thread read(InputStream stream, Consumer<String> sink, String which) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          sink.accept(line);
        }
      } catch (IOException e) {
        sink.accept("<" + which + " of " + name + " unreadable: " + e + ">");
      }
    }, name + "-" + which);
    t.setDaemon(true);
    t.start();
    return t;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Every stdout line so far. */
  List<Line> lines() {
    return List.copyOf(out);
  }

  /** Whether an event line equal to {@code event}, or starting with it and a space, was printed. */
  boolean printed(String event) {
    return first(event).isPresent();
  }

  Optional<Line> first(String event) {
    return out.stream().filter(l -> matches(l, event)).findFirst();
  }

  List<Line> all(String event) {
    return out.stream().filter(l -> matches(l, event)).toList();
  }

  private static boolean matches(Line line, String event) {
    return line.text().equals(event) || line.text().startsWith(event + " ");
  }

  /**
   * Waits until the app prints {@code event} (see {@link #printed}) and returns the line; fails, with the app's
   * output, when it exits first or {@code within} passes.
   */
  Line awaitLine(String event, Duration within) {
    try {
      await("line '" + event + "' from " + name).atMost(within).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> printed(event) || !outReader.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(name + " did not print '" + event + "' within " + within + transcript(), e);
    }
    return first(event).orElseThrow(() -> new AssertionError(
        name + " ended (exit " + exitText() + ") without printing '" + event + "'" + transcript()));
  }

  /**
   * Kills the process with SIGKILL, waits until it is gone and returns its exit status: {@value #KILLED}, unless it
   * had exited by itself just before.
   */
  int kill() {
    process.destroyForcibly();
    awaitGone(Duration.ofSeconds(10));
    return process.exitValue();
  }

  /** Waits until the process exits by itself and returns its exit code. */
  int awaitExit(Duration within) {
    awaitGone(within);
    return process.exitValue();
  }

  private void awaitGone(Duration within) {
    try {
      await(name + " exits").atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
          .until(() -> !process.isAlive() && !outReader.isAlive() && !errReader.isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(name + " still runs after " + within + transcript(), e);
    }
  }

  private String exitText() {
    return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
  }

  /** The app's stdout and the tail of its stderr, for failure messages. */
  String transcript() {
    StringBuilder t = new StringBuilder("\n--- ").append(name).append(" (pid ").append(process.pid())
        .append(", exit ").append(exitText()).append(") stdout:");
    out.forEach(l -> t.append("\n  ").append(l.text()));
    List<String> tail = err.subList(Math.max(0, err.size() - 40), err.size());
    t.append("\n--- ").append(name).append(" stderr (last ").append(tail.size()).append(" of ").append(err.size())
        .append(" lines):");
    tail.forEach(l -> t.append("\n  ").append(l));
    return t.toString();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s", e);
      }
    }
  }
}
