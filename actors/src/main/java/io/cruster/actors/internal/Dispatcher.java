package io.cruster.actors.internal;

import java.util.concurrent.ThreadFactory;

/**
 * Runs actor cells on virtual threads.
 *
 * <p>A cell with mail is activated either on a fresh virtual thread or, when the activation comes
 * from a handler running on a {@link Worker} whose run-next slot is free, in that slot: the worker
 * runs it right after the current cell, on the same virtual thread. That hand-off avoids a
 * cross-core wake-up per message (the cost that dominates message passing on virtual threads);
 * fairness comes from a fresh thread every {@link Worker#MAX_HAND_OFFS} hand-offs and for any cell
 * that still has mail after its batch. A handler that blocks while holding a slot would delay the
 * slotted cell: the runtime's own blocking calls release the slot first ({@link
 * #beforeBlocking()}), and the {@link Watchdog} moves any slot that sits still for a tick.
 */
public final class Dispatcher {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("cruster-actor").factory();

  private Dispatcher() {}

  /** Schedules a cell that just went from idle to having mail. */
  static void activate(ActorCell<?> cell) {
    Worker w = Worker.current();
    if (w == null || !w.offer(cell)) {
      startThread(cell);
    }
  }

  /** Runs {@code cell} on a fresh virtual thread. */
  static void startThread(ActorCell<?> cell) {
    VIRTUAL.newThread(new Worker(cell)).start();
  }

  /**
   * Call before blocking the current thread (waiting for a reply, for room in a mailbox, for I/O):
   * if the current actor handed a woken actor to this thread, it is moved to a thread of its own so
   * it does not wait for this one. Cheap when there is nothing to do.
   */
  public static void beforeBlocking() {
    Worker w = Worker.current();
    if (w != null) {
      w.releaseSlot();
    }
  }
}
