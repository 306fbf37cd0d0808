package io.cruster.actors.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A platform thread that rescues cells stuck in a run-next slot because the handler that put them
 * there blocked (for instance on a lock or a sleep the runtime cannot see). Every tick it moves any
 * slot that has not changed since the previous tick to a thread of its own, turning a would-be
 * deadlock into a delay of one to two ticks. It parks while no slot is held, so an idle system uses
 * no CPU.
 */
final class Watchdog implements Runnable {
  static final Watchdog INSTANCE = new Watchdog();
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();
  private volatile boolean parked;
  private volatile Thread thread;

  private Watchdog() {}

  void register(Worker w) {
    workers.add(w);
    if (thread == null) {
      startThread();
    }
  }

  /** Called after each slot fill: wakes the watchdog if it is parked. */
  void slotFilled() {
    if (parked) {
      parked = false;
      LockSupport.unpark(thread);
    }
  }

  private synchronized void startThread() {
    if (thread == null) {
      Thread t = Thread.ofPlatform().daemon().name("cruster-watchdog").unstarted(this);
      thread = t;
      t.start();
    }
  }

  @Override
  public void run() {
    while (true) {
      if (tick()) {
        LockSupport.parkNanos(this, TICK_NANOS);
      } else {
        parked = true;
        if (!tick()) {
          LockSupport.park(this);
        }
        parked = false;
      }
    }
  }

  /** One pass over the workers; returns whether any slot was held. */
  private boolean tick() {
    boolean held = false;
    for (Iterator<Worker> it = workers.iterator(); it.hasNext(); ) {
      Worker w = it.next();
      ActorCell<?> c = w.peekSlot();
      if (c == null) {
        if (w.done) {
          it.remove();
        }
        continue;
      }
      held = true;
      long fills = w.fills;
      if (fills != w.seenFills) {
        w.seenFills = fills;
      } else if (w.steal(c)) {
        Dispatcher.startThread(c);
      }
    }
    return held;
  }
}
