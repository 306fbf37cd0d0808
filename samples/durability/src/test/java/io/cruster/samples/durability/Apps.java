package io.cruster.samples.durability;

import io.cruster.testkit.ForkedJvm;
import io.cruster.testkit.FreshDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runs of {@link DurabilityApp} of one test, all on the test's fresh database: starts them with
 * numbered names ({@code app-1}, {@code app-2}...), collects their output for failure messages, and
 * kills whatever still runs when the test ends. Thread-safe.
 */
final class Apps implements AutoCloseable {
  private final FreshDatabase database;
  private final List<ForkedJvm> started = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  Apps(FreshDatabase database) {
    this.database = database;
  }

  /** Starts {@code DurabilityApp <database> <args...>}. */
  ForkedJvm start(String... args) {
    lock.lock();
    try {
      List<String> arguments = new ArrayList<>();
      arguments.add(database.url());
      arguments.addAll(List.of(args));
      ForkedJvm app =
          ForkedJvm.start(
              "app-" + (started.size() + 1) + " " + String.join(" ", args),
              DurabilityApp.class,
              arguments,
              Map.of());
      started.add(app);
      return app;
    } finally {
      lock.unlock();
    }
  }

  /** Every run's output, in start order. */
  String transcripts() {
    lock.lock();
    try {
      StringBuilder t = new StringBuilder();
      started.forEach(app -> t.append(app.transcript()));
      return t.toString();
    } finally {
      lock.unlock();
    }
  }

  /** How many lines equal to or starting with {@code event} all runs printed together. */
  long count(String event) {
    lock.lock();
    try {
      return started.stream().mapToLong(app -> app.all(event).size()).sum();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The first line equal to or starting with {@code event} that any run printed, runs taken in
   * start order.
   */
  Optional<ForkedJvm.Line> first(String event) {
    lock.lock();
    try {
      return started.stream().flatMap(app -> app.first(event).stream()).findFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Kills every run still alive. */
  @Override
  public void close() {
    lock.lock();
    try {
      AssertionError failure = null;
      for (ForkedJvm app : started) {
        try {
          app.close();
        } catch (AssertionError e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }
}
