package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.ReplyChunk;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A streamed call: chunks queue up (at most the window the request announced) until the consumer
 * takes them; taking one sends its ack. A failure is thrown after the chunks that arrived before
 * it. Chunks must arrive in sequence; a gap, a duplicate or an overrun fails the call with
 * BAD_REQUEST.
 *
 * <p>Concurrency: the event loop adds under {@code lock} and never waits; the consumer waits on
 * {@code arrived}, bounded by the deadline (whose timer fails the call and wakes it).
 */
final class StreamingCall extends PendingCall implements ReplyStream {
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final int window;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<RemoteReply> replies = new ArrayDeque<>(); // guarded by lock
  private int bufferedChunks; // guarded by lock
  private long expectedSequence; // guarded by lock
  private RemoteFailure failure; // guarded by lock
  private boolean exitTaken; // guarded by lock

  StreamingCall(ClientSession session, long id, RemoteCall call, long timeoutNanos, int window) {
    super(session, id, call, timeoutNanos);
    this.window = window;
  }

  @Override
  void onChunk(ReplyChunk chunk) {
    String problem = null;
    lock.lock();
    try {
      if (chunk.getSequence() != expectedSequence) {
        problem =
            "chunk " + chunk.getSequence() + " arrived where " + expectedSequence + " was due";
      } else if (bufferedChunks >= window) {
        problem = "the server sent more than the window of " + window + " unacknowledged chunks";
      } else {
        replies.add(new RemoteReply.Chunk(chunk.getSequence(), Frames.bytes(chunk.getPayload())));
        bufferedChunks++;
        expectedSequence++;
        arrived.signal();
      }
    } finally {
      lock.unlock();
    }
    if (problem != null) {
      abandon(RemoteFailure.of(Kind.BAD_REQUEST, problem));
    }
  }

  @Override
  void onSuccess(byte[] payload) {
    lock.lock();
    try {
      replies.add(new RemoteReply.Exit(payload));
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  void onFailure(RemoteFailure f) {
    lock.lock();
    try {
      failure = f;
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public RemoteReply next() {
    while (true) {
      RemoteReply reply = null;
      RemoteFailure failed = null;
      boolean interrupted = false;
      lock.lock();
      try {
        long nanos = deadlineNanos - System.nanoTime() + GRACE_NANOS;
        while (true) {
          reply = replies.poll();
          if (reply != null) {
            if (reply instanceof RemoteReply.Chunk) {
              bufferedChunks--;
            } else {
              exitTaken = true;
            }
            break;
          }
          if (failure != null) {
            failed = failure;
            break;
          }
          if (exitTaken) {
            throw new IllegalStateException(context() + ": the stream already ended");
          }
          if (nanos <= 0) {
            break;
          }
          nanos = arrived.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        lock.unlock();
      }
      if (failed != null) {
        throw error(failed);
      }
      if (reply != null) {
        if (reply instanceof RemoteReply.Chunk chunk && !isDone()) {
          session.writer.offerControl(Frames.ack(id, chunk.sequence()));
        }
        return reply;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
        RemoteFailure f =
            new RemoteFailure(Kind.UNAVAILABLE, "", "interrupted while waiting", false);
        abandon(f);
        throw error(f);
      }
      // the deadline timer is late: give up here (a loss to a real outcome shows on the next pass)
      abandon(
          RemoteFailure.of(
              Kind.TIMEOUT,
              "no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }
  }

  @Override
  public void close() {
    abandon(new RemoteFailure(Kind.UNAVAILABLE, "", "the caller closed the stream", false));
  }
}
