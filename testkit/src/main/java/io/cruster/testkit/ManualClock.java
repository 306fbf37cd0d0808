package io.cruster.testkit;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance(Duration)}: timers,
 * scheduled messages and ask timeouts fire at once instead of after real waiting. Pass it in {@code
 * ActorSystemSettings.builder().scheduler(clock)}, or use {@link
 * ActorTestKit#createWithManualClock()}.
 *
 * <p>Thread-safe. Due tasks run on the thread that calls {@code advance}, in order of due time
 * (ties in the order they were scheduled), each with {@link #now()} set to its due time. Tasks only
 * enqueue messages, so when {@code advance} returns the messages are on their way, not necessarily
 * handled: follow up with a probe or Awaitility.
 */
public final class ManualClock implements Scheduler {
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final Instant start;
  private Instant now;
  private long sequence;

  private ManualClock(Instant start) {
    this.start = start;
    this.now = start;
  }

  /** A clock starting at 2026-01-01T00:00:00Z. */
  public static ManualClock create() {
    return create(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock starting at {@code start}. */
  public static ManualClock create(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }

  @Override
  public Instant now() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  /** Nanoseconds since this clock's start, moved only by {@link #advance(Duration)}. */
  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return Duration.between(start, now).toNanos();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A {@link Clock} view of this clock, in UTC, for code that reads time through {@code java.time}.
   */
  public Clock asClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock is in UTC");
      }

      @Override
      public Instant instant() {
        return now();
      }
    };
  }

  /**
   * Schedules {@code task} at {@code now() + delay}; a zero or negative delay fires at the next
   * advance.
   */
  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
      tasks.add(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** Moves time forward by {@code duration}, running every task that falls due on the way. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward; cannot advance by " + duration);
    }
    Instant target;
    lock.lock();
    try {
      target = now.plus(duration);
    } finally {
      lock.unlock();
    }
    while (true) {
      Task next;
      lock.lock();
      try {
        next = tasks.peek();
        if (next == null || next.due.isAfter(target)) {
          now = target;
          return;
        }
        tasks.poll();
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      } finally {
        lock.unlock();
      }
      next.run();
    }
  }

  /** How many tasks are scheduled and not yet run or cancelled. */
  public int pendingTasks() {
    lock.lock();
    try {
      tasks.removeIf(Task::isCancelled);
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }

  /** The due times of the scheduled tasks, earliest first. */
  public List<Instant> dueTimes() {
    lock.lock();
    try {
      List<Instant> out = new ArrayList<>();
      tasks.stream().filter(t -> !t.isCancelled()).sorted().forEach(t -> out.add(t.due));
      return out;
    } finally {
      lock.unlock();
    }
  }

  private static final class Task implements Comparable<Task>, Cancellable {
    final Instant due;
    final long sequence;
    final Runnable body;

    /** 0 pending, 1 ran, 2 cancelled. */
    final AtomicInteger state = new AtomicInteger();

    Task(Instant due, long sequence, Runnable body) {
      this.due = due;
      this.sequence = sequence;
      this.body = body;
    }

    void run() {
      if (state.compareAndSet(0, 1)) {
        body.run();
      }
    }

    @Override
    public boolean cancel() {
      return state.compareAndSet(0, 2);
    }

    @Override
    public boolean isCancelled() {
      return state.get() == 2;
    }

    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
