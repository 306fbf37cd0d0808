package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one call: the {@link ReplySink} its handler writes to.
 *
 * <p>Concurrency: {@code state} (open, exited, cancelled) changes once, by CAS. Two locks, so the
 * event loop never waits behind a blocked sender: {@code sendLock} orders this call's chunks and
 * exit and is held while a sender waits for window or buffer room (the I/O thread only ever
 * try-locks it); {@code stateLock} guards the ack count and the cancel actions, is held only for
 * bookkeeping, and is what the event loop takes when an ack or an interrupt arrives.
 */
final class ServedCall implements ReplySink {
  private static final Logger log = LoggerFactory.getLogger(ServedCall.class);
  private static final int OPEN = 0;
  private static final int EXITED = 1;
  private static final int CANCELLED = 2;
  static final long BACKSTOP_GRACE_MILLIS = 1_000;

  final long id;
  private final ServerStream stream;
  private final RemoteCall call;
  private final int window;
  private final long timeoutMillis;
  private final long deadlineNanos;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ReentrantLock stateLock = new ReentrantLock();
  private final Condition acked = stateLock.newCondition();
  private long nextSequence; // guarded by sendLock
  private long ackedSequence = -1; // guarded by stateLock
  private List<Runnable> cancelActions; // guarded by stateLock
  private volatile RemoteFailure cancelCause;

  ServedCall(ServerStream stream, long id, RemoteCall call, int window, long timeoutMillis) {
    this.stream = stream;
    this.id = id;
    this.call = call;
    this.window = window;
    this.timeoutMillis = timeoutMillis;
    this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : 0;
  }

  /**
   * A backstop: the caller interrupts the call at its deadline; should that Interrupt not arrive,
   * the call is cancelled a little later ({@link #BACKSTOP_GRACE_MILLIS}) by the stream's {@link
   * Deadlines} sweep, so a handler never works forever for a caller that is gone. 0 for a call
   * without deadline.
   */
  long backstopNanos() {
    return deadlineNanos == 0
        ? 0
        : deadlineNanos + TimeUnit.MILLISECONDS.toNanos(BACKSTOP_GRACE_MILLIS);
  }

  /** The backstop passed. */
  void expire() {
    cancel(Kind.TIMEOUT, "its deadline of " + timeoutMillis + " ms passed");
  }

  @Override
  public void chunk(byte[] payload) {
    if (window == 0) {
      throw new IllegalStateException(context() + " is not a streamed call; reply with success()");
    }
    boolean io = stream.writer.onIoThread();
    if (io ? !sendLock.tryLock() : !lockInterruptibly()) {
      throw error(RemoteFailure.of(Kind.UNAVAILABLE, "another thread is sending on this call"));
    }
    try {
      checkOpen();
      awaitWindow(io);
      Frame frame = Frames.chunk(id, nextSequence, payload);
      int size = frame.getSerializedSize();
      if (size > stream.server.settings.maxMessageBytes()) {
        throw error(
            RemoteFailure.of(
                Kind.TOO_LARGE,
                "a chunk of "
                    + size
                    + " bytes is over the limit of "
                    + stream.server.settings.maxMessageBytes()));
      }
      stream.writer.offer(frame, waitNanos());
      nextSequence++;
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public void success(byte[] payload) {
    Frame frame = Frames.success(id, payload);
    int size = frame.getSerializedSize();
    if (size > stream.server.settings.maxMessageBytes()) {
      log.warn(
          "{}: the reply to {} is {} bytes, over the limit of {}; failing the call",
          stream.server.runnerAddress(),
          call,
          size,
          stream.server.settings.maxMessageBytes());
      frame =
          Frames.exit(
              id,
              RemoteFailure.of(
                  Kind.TOO_LARGE,
                  "the reply is "
                      + size
                      + " bytes, over the limit of "
                      + stream.server.settings.maxMessageBytes()));
    }
    exit(frame);
  }

  @Override
  public void failure(RemoteFailure failure) {
    exit(Frames.exit(id, failure));
  }

  @Override
  public boolean isStream() {
    return window > 0;
  }

  @Override
  public boolean isDone() {
    return state.get() != OPEN;
  }

  @Override
  public boolean isCancelled() {
    return state.get() == CANCELLED;
  }

  @Override
  public void onCancel(Runnable action) {
    stateLock.lock();
    try {
      if (state.get() != CANCELLED) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(1);
        }
        cancelActions.add(action);
        return;
      }
    } finally {
      stateLock.unlock();
    }
    run(action);
  }

  /** An ack from the caller: chunks up to {@code sequence} were taken. Called on the event loop. */
  void acked(long sequence) {
    stateLock.lock();
    try {
      if (sequence > ackedSequence) {
        ackedSequence = sequence;
        acked.signalAll();
      }
    } finally {
      stateLock.unlock();
    }
  }

  /**
   * Ends the call without an exit: the caller interrupted, the deadline passed, or the stream
   * ended.
   */
  void cancel(Kind kind, String why) {
    if (!state.compareAndSet(OPEN, CANCELLED)) {
      return;
    }
    cancelCause = RemoteFailure.of(kind, why);
    stream.finished(this);
    List<Runnable> actions;
    stateLock.lock();
    try {
      acked.signalAll();
      actions = cancelActions;
      cancelActions = null;
    } finally {
      stateLock.unlock();
    }
    log.debug("{}: cancelled {}: {}", stream.server.runnerAddress(), call, why);
    if (actions != null) {
      actions.forEach(this::run);
    }
  }

  private void exit(Frame frame) {
    if (state.get() != OPEN) {
      log.debug("{}: {} is over; dropped its exit", stream.server.runnerAddress(), call);
      return;
    }
    if (stream.writer.onIoThread()) {
      if (!sendLock.tryLock()) {
        Thread.ofVirtual()
            .name("cruster-exit")
            .start(() -> exit(frame)); // never wait on the event loop
        return;
      }
    } else if (!lockInterruptibly()) {
      log.debug(
          "{}: interrupted before sending the exit of {}", stream.server.runnerAddress(), call);
      return;
    }
    try {
      if (!state.compareAndSet(OPEN, EXITED)) {
        return;
      }
      stream.finished(this);
      stream.writer.offer(frame, stream.server.settings.sendTimeout().toNanos());
    } catch (RemoteException e) {
      log.warn(
          "{}: could not send the exit of {}: {}",
          stream.server.runnerAddress(),
          call,
          e.getMessage());
    } finally {
      sendLock.unlock();
    }
  }

  private void awaitWindow(boolean io) {
    long nanos = waitNanos();
    stateLock.lock();
    try {
      while (nextSequence - ackedSequence > window) {
        checkOpen();
        if (io) {
          throw error(
              RemoteFailure.of(
                  Kind.UNAVAILABLE,
                  "the caller's window of "
                      + window
                      + " chunks is full and the transport's I/O thread cannot wait; send chunks from another thread"));
        }
        if (nanos <= 0) {
          throw error(
              RemoteFailure.of(
                  Kind.TIMEOUT,
                  "the caller took no chunk in time (window of " + window + " chunks)"));
        }
        nanos = acked.awaitNanos(nanos);
      }
      checkOpen();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error(
          new RemoteFailure(Kind.UNAVAILABLE, "", "interrupted while waiting for an ack", false));
    } finally {
      stateLock.unlock();
    }
  }

  /** The longest a sender may wait: the send timeout, cut short by the call's deadline. */
  private long waitNanos() {
    long nanos = stream.server.settings.sendTimeout().toNanos();
    return deadlineNanos == 0 ? nanos : Math.min(nanos, deadlineNanos - System.nanoTime());
  }

  private void checkOpen() {
    int s = state.get();
    if (s == CANCELLED) {
      throw error(cancelCause);
    }
    if (s == EXITED) {
      throw new IllegalStateException(context() + " already sent its exit");
    }
  }

  private boolean lockInterruptibly() {
    try {
      sendLock.lockInterruptibly();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("{}: a cancel action of {} failed", stream.server.runnerAddress(), call, e);
    }
  }

  private RemoteException error(RemoteFailure failure) {
    return new RemoteException(context(), failure);
  }

  private String context() {
    return "call " + id + " " + call.address() + " " + call.tag() + " from " + stream.peerName();
  }
}
