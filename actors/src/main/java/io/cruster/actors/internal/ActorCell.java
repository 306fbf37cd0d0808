package io.cruster.actors.internal;

import io.cruster.actors.ActorPath;
import io.cruster.actors.ActorRef;
import io.cruster.actors.CrusterException;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.InvalidMessageException;
import io.cruster.actors.MailboxFullException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * One actor: its ref, its mailbox and its run loop; {@link CellContext} adds the {@code
 * ActorContext} side.
 *
 * <p>Mailbox: producers push onto a lock-free stack ({@link #inbox}, and {@link #sysInbox} for
 * system messages); the consumer grabs the whole stack, reverses it into {@link #pending} and works
 * through it. {@link #count} is the number of messages reserved and not yet handled: a producer
 * reserves (compare-and-set, bounded by the capacity for user messages) before it pushes, and the
 * producer that moves it from 0 to 1 activates the cell. The consumer subtracts what it handled
 * once per batch and lets go when that leaves 0, so exactly one activation runs at a time. Between
 * settles the consumer publishes how many it has handled ({@link #handledInBatch}), so the capacity
 * check counts only messages still waiting. The two counts are out of step while a batch settles
 * (the handled count is reset first, the reservation count lowered next), so a producer that finds
 * the mailbox full checks again under {@link #settles}, a sequence number that is odd during a
 * settle: it refuses only on a pair of counts read between two settles. A terminated cell adds
 * {@link #DEAD} to the count; producers seeing a negative count dead-letter their message, and a
 * producer that pushed just as the cell died drains the stack itself.
 */
public abstract class ActorCell<T> implements ActorRef<T> {
  static final int DEAD = Integer.MIN_VALUE / 2;
  static final byte RUNNING = 0;
  static final byte STOPPING = 1;
  static final byte TERMINATED = 2;
  private static final VarHandle COUNT;
  private static final VarHandle INBOX;
  private static final VarHandle SYS_INBOX;
  private static final VarHandle EXTRAS;
  private static final VarHandle HANDLED;
  private static final VarHandle SETTLES;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      COUNT = l.findVarHandle(ActorCell.class, "count", int.class);
      INBOX = l.findVarHandle(ActorCell.class, "inbox", Node.class);
      SYS_INBOX = l.findVarHandle(ActorCell.class, "sysInbox", Node.class);
      EXTRAS = l.findVarHandle(ActorCell.class, "extras", CellExtras.class);
      HANDLED = l.findVarHandle(ActorCell.class, "handledInBatch", int.class);
      SETTLES = l.findVarHandle(ActorCell.class, "settles", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ActorSystemImpl<?> system;
  final ActorCell<?> parent;
  final String name;
  private final int capacity;
  private volatile int count;

  /** Messages handled since the last settle: still in {@link #count}, no longer taking room. */
  @SuppressWarnings("unused")
  private int handledInBatch;

  /** Settles begun plus settles finished: odd while the consumer settles. Written by it only. */
  private int settles;

  private volatile Node inbox;
  private volatile Node sysInbox;
  private Node pending;
  volatile byte state;
  private volatile CellExtras extras;

  ActorCell(ActorSystemImpl<?> system, ActorCell<?> parent, String name, int capacity) {
    this.system = system;
    this.parent = parent;
    this.name = name;
    this.capacity = capacity;
  }

  // ---- ActorRef

  @Override
  public final void tell(T message) {
    if (message == null) {
      throw new InvalidMessageException("null message to " + path());
    }
    if (!offer(message, true)) {
      throw new MailboxFullException(
          "mailbox of " + path() + " is full (capacity " + capacity + ")");
    }
  }

  @Override
  public final void tell(T message, Duration timeout) {
    if (message == null) {
      throw new InvalidMessageException("null message to " + path());
    }
    offerWaiting(message, timeout);
  }

  /** Enqueues a bounded message, waiting up to {@code timeout} for room (backpressure). */
  final void offerWaiting(Object message, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (offer(message, true)) {
      return;
    }
    Dispatcher.beforeBlocking();
    long deadline = System.nanoTime() + timeout.toNanos();
    CellExtras x = extras();
    Thread me = Thread.currentThread();
    x.roomWaiters.add(me);
    try {
      while (!offer(message, true)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new MailboxFullException(
              "mailbox of "
                  + path()
                  + " is still full (capacity "
                  + capacity
                  + ") after "
                  + timeout);
        }
        LockSupport.parkNanos(this, left);
        if (Thread.currentThread().isInterrupted()) {
          throw new CrusterException(
              "interrupted while waiting for room in the mailbox of " + path());
        }
      }
    } finally {
      x.roomWaiters.remove(me);
    }
  }

  @Override
  public final ActorPath path() {
    return parent == null ? ActorPath.root(system.name()) : parent.path().child(name);
  }

  @Override
  public String toString() {
    return "Actor[" + path() + "]";
  }

  // ---- producers

  /**
   * Enqueues a user (or internal) message. Returns false only when {@code bounded} and the mailbox
   * is full; a message to a terminated cell becomes a dead letter.
   */
  final boolean offer(Object message, boolean bounded) {
    int n;
    if (bounded) {
      while (true) {
        n = count;
        if (n < 0) {
          system.deadLetter(message, this, DeadLetter.Reason.RECIPIENT_STOPPED);
          return true;
        }
        if (n - (int) HANDLED.getAcquire(this) >= capacity && full()) {
          return false;
        }
        if (COUNT.compareAndSet(this, n, n + 1)) {
          break;
        }
      }
    } else {
      n = (int) COUNT.getAndAdd(this, 1);
      if (n < 0) {
        system.deadLetter(message, this, DeadLetter.Reason.RECIPIENT_STOPPED);
        return true;
      }
    }
    push(INBOX, new Node(message));
    afterPush(n);
    return true;
  }

  /**
   * Whether more than {@link #capacity} unhandled messages wait, from counts read between two
   * settles (a seqlock read; it spins only while the consumer is inside a settle).
   */
  private boolean full() {
    int spins = 0;
    while (true) {
      int s = (int) SETTLES.getVolatile(this);
      if ((s & 1) == 0) {
        int n = count;
        int h = (int) HANDLED.getAcquire(this);
        if ((int) SETTLES.getVolatile(this) == s) {
          return n >= 0 && n - h >= capacity;
        }
      }
      if (++spins < 64) {
        Thread.onSpinWait();
      } else {
        spins = 0;
        Thread.yield();
      }
    }
  }

  /** Enqueues a system message: never bounded, handled before user messages. */
  final void sendSystem(SystemMessage message) {
    int n = (int) COUNT.getAndAdd(this, 1);
    if (n < 0) {
      systemMessageToDead(message);
      return;
    }
    push(SYS_INBOX, new Node(message));
    afterPush(n);
  }

  private void push(VarHandle stack, Node node) {
    Node head;
    do {
      head = (Node) stack.getVolatile(this);
      node.next = head;
    } while (!stack.compareAndSet(this, head, node));
  }

  private void afterPush(int reservedAt) {
    if (reservedAt == 0) {
      Dispatcher.activate(this);
    } else if (count < 0) {
      drainDead(); // the cell terminated between our reservation and our push
    }
  }

  // ---- the consumer

  /**
   * Runs one activation: system messages first, then up to {@code throughput} messages. Returns
   * whether the cell still has mail and must be run again (on a fresh thread, for fairness).
   */
  final boolean runBatch() {
    final int limit = system.throughput;
    int handled = 0;
    int spins = 0;
    while (true) {
      if (sysInbox != null) {
        Node s = Node.reverse((Node) SYS_INBOX.getAndSet(this, null));
        while (s != null) {
          handled++;
          HANDLED.setRelease(this, handled);
          handleSystem((SystemMessage) s.message);
          s = s.next;
          if (state == TERMINATED) {
            for (; s != null; s = s.next) {
              systemMessageToDead((SystemMessage) s.message);
            }
            return false;
          }
        }
      }
      Node n = pending;
      if (n == null && inbox != null) {
        n = Node.reverse((Node) INBOX.getAndSet(this, null));
      }
      if (n != null) {
        pending = n.next;
        handled++;
        HANDLED.setRelease(this, handled);
        deliver(n.message);
        if (state == TERMINATED) {
          return false;
        }
        if (handled >= limit) {
          return settle(handled) > 0;
        }
        continue;
      }
      if (handled > 0) {
        int left = settle(handled);
        handled = 0;
        if (left == 0) {
          return false;
        }
      } else if (++spins < 64) {
        Thread.onSpinWait(); // a producer reserved and is about to push
      } else {
        spins = 0;
        Thread.yield();
      }
    }
  }

  private int settle(int handled) {
    int s = settles; // only this thread writes it
    SETTLES.setVolatile(this, s + 1);
    // Reset before subtracting: a producer reading in between sees too little room, never too much,
    // and reads again once settles is even (full()).
    HANDLED.setVolatile(this, 0);
    CellExtras hooked = extras;
    if (hooked != null && hooked.settleHook != null) {
      hooked.settleHook.run();
    }
    int left = (int) COUNT.getAndAdd(this, -handled) - handled;
    SETTLES.setVolatile(this, s + 2);
    // Read after the subtract: a sender that found no room before it registered as a waiter by now.
    CellExtras x = extras;
    if (x != null && !x.roomWaiters.isEmpty()) {
      for (Thread t : x.roomWaiters) {
        LockSupport.unpark(t);
      }
    }
    return left;
  }

  /** Marks the cell dead and dead-letters everything still queued. Actor thread only. */
  final void markTerminated() {
    state = TERMINATED;
    COUNT.getAndAdd(this, DEAD);
    for (Node n = pending; n != null; n = n.next) {
      system.deadLetter(n.message, this, DeadLetter.Reason.RECIPIENT_STOPPED);
    }
    pending = null;
    drainDead();
    CellExtras x = extras;
    if (x != null) {
      x.roomWaiters.forEach(LockSupport::unpark);
    }
  }

  private void drainDead() {
    for (Node n = Node.reverse((Node) INBOX.getAndSet(this, null)); n != null; n = n.next) {
      system.deadLetter(n.message, this, DeadLetter.Reason.RECIPIENT_STOPPED);
    }
    for (Node n = Node.reverse((Node) SYS_INBOX.getAndSet(this, null)); n != null; n = n.next) {
      systemMessageToDead((SystemMessage) n.message);
    }
  }

  private void systemMessageToDead(SystemMessage m) {
    if (m instanceof SystemMessage.Watch w) {
      CellExtras x = extras;
      w.watcher()
          .sendSystem(new SystemMessage.DeathNotification(this, x == null ? null : x.failure));
    }
  }

  final boolean isTerminated() {
    return count < 0;
  }

  // ---- hooks for the interpreter

  /** Handles one user message on the actor's thread. */
  abstract void deliver(Object message);

  /** Handles one system message on the actor's thread. */
  abstract void handleSystem(SystemMessage message);

  final CellExtras extras() {
    CellExtras x = extras;
    if (x == null) {
      CellExtras fresh = new CellExtras();
      x = (CellExtras) EXTRAS.compareAndExchange(this, null, fresh);
      if (x == null) {
        x = fresh;
      }
    }
    return x;
  }

  final CellExtras extrasIfPresent() {
    return extras;
  }

  final int capacity() {
    return capacity;
  }
}
