package io.cruster.remoting.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Creates the one timer thread a server or client uses for deadlines, pings and reconnects. A
 * platform daemon thread: its tasks are short (fail a call, enqueue a ping), and cancelled
 * deadlines are removed at once so thousands of calls in flight cost no garbage.
 */
final class Timers {

  static ScheduledExecutorService create(String name) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(name).daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return timer;
  }

  private Timers() {}
}
