package io.cruster.actors.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop of one actor virtual thread: run a cell's batch, then whatever cell a handler put in the
 * run-next slot, up to {@link #MAX_HAND_OFFS} cells, then let go.
 *
 * <p>Concurrency: only the owning thread fills the slot; the owner and the {@link Watchdog} both
 * empty it, with an atomic swap or compare-and-set, so a slotted cell is run by exactly one of
 * them. {@link #fills} lets the watchdog tell a slot that has not moved since its last tick from
 * one that was refilled.
 */
final class Worker implements Runnable {
  static final int MAX_HAND_OFFS = 64;
  private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();
  private static final VarHandle SLOT;

  static {
    try {
      SLOT = MethodHandles.lookup().findVarHandle(Worker.class, "slot", ActorCell.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ActorCell<?> first;
  private volatile ActorCell<?> slot;

  /** Incremented by the owner on each fill; read by the watchdog. */
  volatile long fills;

  /** The watchdog's own record of {@link #fills} at its last tick. */
  long seenFills = -1;

  volatile boolean done;
  private boolean registered;

  Worker(ActorCell<?> first) {
    this.first = first;
  }

  static Worker current() {
    return CURRENT.get();
  }

  @Override
  public void run() {
    CURRENT.set(this);
    try {
      ActorCell<?> cell = first;
      first = null;
      int handOffs = 0;
      while (true) {
        if (cell.runBatch()) {
          Dispatcher.startThread(cell);
        }
        ActorCell<?> next = takeSlot();
        if (next == null) {
          return;
        }
        if (++handOffs >= MAX_HAND_OFFS) {
          Dispatcher.startThread(next);
          return;
        }
        cell = next;
      }
    } finally {
      done = true;
      CURRENT.remove();
    }
  }

  /** Puts {@code cell} in the run-next slot if it is free. Owner thread only. */
  boolean offer(ActorCell<?> cell) {
    if (slot != null) {
      return false;
    }
    fills++;
    slot = cell;
    if (!registered) {
      registered = true;
      Watchdog.INSTANCE.register(this);
    }
    Watchdog.INSTANCE.slotFilled();
    return true;
  }

  private ActorCell<?> takeSlot() {
    return slot == null ? null : (ActorCell<?>) SLOT.getAndSet(this, null);
  }

  /** Moves the slotted cell, if any, to its own thread. Owner thread only. */
  void releaseSlot() {
    ActorCell<?> c = takeSlot();
    if (c != null) {
      Dispatcher.startThread(c);
    }
  }

  ActorCell<?> peekSlot() {
    return slot;
  }

  /** Takes the slot away from a stuck owner; true if this call won it. Watchdog only. */
  boolean steal(ActorCell<?> expected) {
    return SLOT.compareAndSet(this, expected, null);
  }
}
