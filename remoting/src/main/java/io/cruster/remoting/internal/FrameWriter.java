package io.cruster.remoting.internal;

import io.cruster.remoting.internal.proto.Frame;
import io.grpc.stub.CallStreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one stream: a queue bounded by bytes in front of gRPC's {@link
 * CallStreamObserver}, written only while the stream {@code isReady()}, so nothing piles up inside
 * gRPC.
 *
 * <p>Concurrency: any thread may offer. One thread at a time drains (a work-in-progress counter, no
 * lock): the offering thread, or the event loop in {@link #onReady()}; draining never waits. A
 * sender that finds {@code budget} bytes queued waits on a condition (fine on virtual threads),
 * bounded, then fails with UNAVAILABLE (retryable); the stream's I/O thread never waits and
 * enqueues past the budget instead (the server stops reading while over budget, which bounds that).
 * Control frames (acks, pings, interrupts) skip the budget: the protocol bounds their number.
 * {@link #close} runs a last action on the stream (complete, fail, cancel) inside the same
 * exclusion, so it never races a write.
 */
final class FrameWriter {
  private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);

  private record Terminal(Consumer<CallStreamObserver<Frame>> last, boolean flush) {}

  private final CallStreamObserver<Frame> out;
  private final long budget;
  private final Runnable onRoom;
  private final String peer;
  private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicReference<Terminal> terminal = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final AtomicInteger waiters = new AtomicInteger();
  private volatile boolean closed;
  private volatile Thread ioThread;
  private boolean terminated; // only touched by the draining thread

  /**
   * @param onRoom run after a drain that leaves the queue under budget (the server resumes reading)
   * @param peer names the other side in error messages
   */
  FrameWriter(CallStreamObserver<Frame> out, long budget, Runnable onRoom, String peer) {
    this.out = out;
    this.budget = budget;
    this.onRoom = onRoom;
    this.peer = peer;
  }

  /** Remembers the thread that delivers this stream's callbacks (Netty pins a channel to one). */
  void ioThread(Thread thread) {
    if (ioThread != thread) {
      ioThread = thread;
    }
  }

  /** Whether the caller is this stream's I/O thread, which must never wait. */
  boolean onIoThread() {
    return Thread.currentThread() == ioThread;
  }

  boolean hasRoom() {
    return queuedBytes.get() < budget;
  }

  boolean isClosed() {
    return closed;
  }

  /** Enqueues unless closed or over budget; never waits. */
  boolean tryOffer(Frame frame) {
    if (closed || !hasRoom()) {
      return false;
    }
    enqueue(frame);
    return true;
  }

  /**
   * Enqueues, waiting up to {@code waitNanos} for room (not on the I/O thread).
   *
   * @throws RemoteException UNAVAILABLE if the stream is closed or no room came in time
   */
  void offer(Frame frame, long waitNanos) {
    if (closed) {
      throw closedError();
    }
    if (!hasRoom() && !onIoThread()) {
      awaitRoom(waitNanos);
    }
    enqueue(frame);
  }

  /** Enqueues a control frame regardless of the budget; dropped if closed. */
  void offerControl(Frame frame) {
    if (!closed) {
      enqueue(frame);
    }
  }

  /** gRPC's on-ready callback: the stream takes messages again. */
  void onReady() {
    drain();
  }

  /**
   * Stops accepting frames and runs {@code last} on the stream once, after the frames already
   * queued if {@code flush} (those are then written even if the stream is not ready). Never waits;
   * idempotent.
   */
  void close(Consumer<CallStreamObserver<Frame>> last, boolean flush) {
    if (terminal.compareAndSet(null, new Terminal(last, flush))) {
      closed = true;
      drain();
    }
  }

  private void enqueue(Frame frame) {
    queuedBytes.addAndGet(frame.getSerializedSize());
    queue.offer(frame);
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      if (terminated) {
        queue.clear();
      } else {
        drainOnce();
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
    if (hasRoom() || closed) {
      if (waiters.get() > 0) {
        lock.lock();
        try {
          room.signalAll();
        } finally {
          lock.unlock();
        }
      }
      if (!closed) {
        onRoom.run();
      }
    }
  }

  private void drainOnce() {
    Terminal last = terminal.getAndSet(null);
    boolean all = last != null && last.flush();
    Frame frame;
    while ((all || (!closed && out.isReady())) && (frame = queue.poll()) != null) {
      queuedBytes.addAndGet(-frame.getSerializedSize());
      try {
        out.onNext(frame);
      } catch (RuntimeException e) {
        log.debug(
            "{}: the stream is gone; {} not sent: {}", peer, frame.getKindCase(), e.toString());
        closed = true;
        terminated = true;
        queue.clear();
        return;
      }
    }
    if (last != null) {
      terminated = true;
      queue.clear();
      try {
        last.last().accept(out);
      } catch (RuntimeException e) {
        log.debug("{}: closing the stream: {}", peer, e.toString());
      }
    }
  }

  private void awaitRoom(long waitNanos) {
    long nanos = waitNanos;
    lock.lock();
    waiters.incrementAndGet();
    try {
      while (!hasRoom() && !closed) {
        if (nanos <= 0) {
          throw new RemoteException(
              "send to " + peer,
              RemoteFailure.of(
                  RemoteFailure.Kind.UNAVAILABLE,
                  "the send buffer stayed full ("
                      + budget
                      + " bytes) for "
                      + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                      + " ms: the peer reads too slowly"));
        }
        nanos = room.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(
          "send to " + peer,
          new RemoteFailure(
              RemoteFailure.Kind.UNAVAILABLE,
              "",
              "interrupted while waiting for room in the send buffer",
              false));
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
    if (closed) {
      throw closedError();
    }
  }

  private RemoteException closedError() {
    return new RemoteException(
        "send to " + peer,
        RemoteFailure.of(RemoteFailure.Kind.UNAVAILABLE, "the connection is closed"));
  }
}
