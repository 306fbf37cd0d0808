package io.cruster.actors.internal;

import io.cruster.actors.Cancellable;
import io.cruster.actors.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The wall-clock {@link Scheduler}: one daemon platform thread shared by every actor system of the
 * JVM. Tasks only enqueue messages, so one thread is plenty; cancelled tasks are removed at once.
 */
public final class SystemScheduler implements Scheduler {
  public static final SystemScheduler INSTANCE = new SystemScheduler();
  private final ScheduledThreadPoolExecutor executor;

  private SystemScheduler() {
    executor =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("cruster-scheduler").unstarted(r));
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f =
        executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return new Cancellable() {
      @Override
      public boolean cancel() {
        return f.cancel(false);
      }

      @Override
      public boolean isCancelled() {
        return f.isCancelled();
      }
    };
  }
}
