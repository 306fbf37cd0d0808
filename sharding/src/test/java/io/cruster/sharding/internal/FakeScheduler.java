package io.cruster.sharding.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} moved by hand: tasks run on the thread that calls {@link #advance}, in order
 * of due time. Thread-safe.
 */
public final class FakeScheduler implements Scheduler {
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private long nanos;
  private long sequence;

  private final class Task implements Cancellable, Comparable<Task> {
    final long due;
    final long order;
    final Runnable body;
    volatile boolean cancelled;

    Task(long due, long order, Runnable body) {
      this.due = due;
      this.order = order;
      this.body = body;
    }

    @Override
    public boolean cancel() {
      lock.lock();
      try {
        cancelled = true;
        return tasks.remove(this);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public int compareTo(Task o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
    }
  }

  @Override
  public Instant now() {
    return start.plusNanos(nanoTime());
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return nanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    lock.lock();
    try {
      Task t = new Task(nanos + Math.max(0, delay.toNanos()), sequence++, task);
      tasks.add(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks wait. */
  public int pending() {
    lock.lock();
    try {
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }

  /** Moves time to the next task's due time and runs what falls due then; false if none waits. */
  public boolean advanceToNext() {
    long next;
    lock.lock();
    try {
      Task t = tasks.peek();
      if (t == null) {
        return false;
      }
      next = Math.max(0, t.due - nanos);
    } finally {
      lock.unlock();
    }
    advance(Duration.ofNanos(next));
    return true;
  }

  /** Moves time forward by {@code by}, running what falls due. */
  public void advance(Duration by) {
    long target;
    lock.lock();
    try {
      target = nanos + by.toNanos();
    } finally {
      lock.unlock();
    }
    while (true) {
      List<Task> due = new ArrayList<>();
      lock.lock();
      try {
        Task next = tasks.peek();
        if (next == null || next.due > target) {
          nanos = target;
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due);
        due.add(next);
      } finally {
        lock.unlock();
      }
      due.forEach(t -> t.body.run());
    }
  }
}
