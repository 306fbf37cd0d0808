package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.internal.postgres.BatchTransaction.Attempt;
import io.cruster.persistence.spi.GroupCommitListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: concurrent writes (commits and saved requests) share transactions, so N callers
 * cost about one round trip each way and one fsync instead of N.
 *
 * <p>Leader/follower, no thread of its own. A caller queues its write; if no flush is in progress
 * it becomes the leader: it takes everything queued (up to {@code maxBatch}), writes it in one
 * transaction ({@link BatchTransaction}), completes every caller of the batch, then hands the
 * leadership to the first write queued meanwhile (whose caller wakes up and flushes the next batch)
 * or, if none, ends the flush. So whatever arrives while a flush is in flight forms the next batch,
 * an uncontended write is written by its own thread with no hand-off, and no caller flushes more
 * than one batch. Callers block until their batch is durable (the COMMIT has returned).
 *
 * <p>Failures stay with their write: when a batch of several writes hits a conflict (a stale state
 * version, a journal step already recorded) or a non-retryable SQL error, the transaction is rolled
 * back and each write of the batch runs again in a transaction of its own, so only the offending
 * write fails and the others commit. (Savepoints per write would cost a round trip each on the
 * happy path; conflicts are rare, so the retry is cheaper overall.) The same goes for a deadlock or
 * serialization failure, which the batching itself may cause. A connection failure (lost
 * connection, server shutting down or out of connections) fails the whole batch at once with a
 * retryable exception: each write alone would fail the same way.
 *
 * <p>Concurrency: the queue and the flushing flag are guarded by {@link #lock}; a ReentrantLock,
 * held only for queue operations, never across I/O, so virtual threads never pin. At most one
 * leader exists at a time. Each {@link Ticket} is completed once, by the leader of its batch, and
 * publishes its result through a volatile state.
 */
final class GroupCommitter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final Db db;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
  private boolean flushing;
  private boolean closed;

  private final LongAdder transactions = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final AtomicInteger largestBatch = new AtomicInteger();
  private volatile GroupCommitListener listener;

  GroupCommitter(Db db, int maxBatch) {
    this.db = db;
    this.maxBatch = maxBatch;
  }

  /**
   * Writes {@code write} with whatever else is pending; blocks until durable. Returns its result.
   */
  Object submit(Write write) {
    Ticket ticket = new Ticket(write);
    boolean lead;
    lock.lock();
    try {
      if (closed) {
        throw new StorageException("PostgreSQL storage is closed");
      }
      queue.addLast(ticket);
      lead = !flushing;
      flushing = true;
    } finally {
      lock.unlock();
    }
    if (lead || ticket.awaitTurn()) {
      lead();
    }
    return ticket.result();
  }

  /**
   * Flushes one batch (which holds the leader's own write: it is first in the queue), then hands
   * over.
   */
  private void lead() {
    List<Ticket> batch = new ArrayList<>();
    lock.lock();
    try {
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.pollFirst());
      }
    } finally {
      lock.unlock();
    }
    GroupCommitListener l = listener;
    long start = l == null ? 0 : System.nanoTime();
    boolean failed = true;
    try {
      failed = !flush(batch);
    } catch (RuntimeException | Error e) {
      // A bug, not a database failure (those come back as an Attempt): no caller may hang on it.
      StorageException failure = new StorageException("group commit failed unexpectedly: " + e, e);
      batch.stream().filter(ticket -> !ticket.isDone()).forEach(ticket -> ticket.fail(failure));
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      handOver();
      if (l != null) {
        try {
          l.groupCommitted(batch.size(), System.nanoTime() - start, failed);
        } catch (RuntimeException e) {
          log.warn("group commit listener failed; ignored", e);
        }
      }
    }
  }

  /** Tells {@code listener} of each flush from now on. */
  void listen(GroupCommitListener listener) {
    this.listener = listener;
  }

  private void handOver() {
    lock.lock();
    try {
      Ticket next = queue.peekFirst();
      if (next == null) {
        flushing = false;
        idle.signalAll();
      } else {
        next.promote();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Flushes a batch; false when it failed as a whole. */
  private boolean flush(List<Ticket> batch) {
    batches.increment();
    largestBatch.accumulateAndGet(batch.size(), Math::max);
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return true;
    }
    transactions.increment();
    Attempt attempt = BatchTransaction.run(db, batch.stream().map(t -> t.write).toList());
    switch (attempt) {
      case Attempt.Applied applied -> {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).complete(applied.results().get(i));
        }
        return true;
      }
      case Attempt.Failed failed when Failures.isConnectionFailure(failed.error().getCause()) -> {
        batch.forEach(ticket -> ticket.fail(failed.error()));
        return false;
      }
      default -> {
        // A conflict, a bad write, or a deadlock with another node's batch: write each alone.
        fallbacks.increment();
        log.debug(
            "group commit: batch of {} writes failed ({}); writing each alone",
            batch.size(),
            attempt);
        batch.forEach(this::runAlone);
        return false;
      }
    }
  }

  private void runAlone(Ticket ticket) {
    transactions.increment();
    switch (BatchTransaction.run(db, List.of(ticket.write))) {
      case Attempt.Applied applied -> ticket.complete(applied.results().get(0));
      case Attempt.Conflict conflict -> ticket.fail(conflict.error());
      case Attempt.Failed failed -> ticket.fail(failed.error());
    }
  }

  /**
   * Refuses new writes and waits until the queued ones are written (at most a minute; a flush stuck
   * that long means the database is not answering, and its callers will get the driver's error).
   */
  void close() {
    lock.lock();
    try {
      closed = true;
      long nanos = TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
      while (flushing && nanos > 0) {
        nanos = idle.awaitNanos(nanos);
      }
      if (flushing) {
        log.warn(
            "group commit: closing while a flush is still in progress after {} s",
            CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Transactions begun so far, batches and writes alone. For tests and metrics. */
  long transactions() {
    return transactions.sum();
  }

  /** Batches flushed so far. */
  long batches() {
    return batches.sum();
  }

  /** Batches that hit a conflict or error and were retried write by write. */
  long fallbacks() {
    return fallbacks.sum();
  }

  /** The most writes flushed in one batch so far. */
  int largestBatch() {
    return largestBatch.get();
  }

  /** Writes waiting for a flush (not counting the one in flight). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One caller's write and its outcome. Completed (or promoted) by another thread, awaited by its
   * own.
   */
  private static final class Ticket {
    private static final int WAITING = 0;
    private static final int LEAD = 1;
    private static final int DONE = 2;

    final Write write;
    private final Thread caller = Thread.currentThread();
    private volatile int state = WAITING;
    private Object result;
    private StorageException failure;

    Ticket(Write write) {
      this.write = write;
    }

    void complete(Object value) {
      result = value;
      finish();
    }

    void fail(StorageException error) {
      failure = error;
      finish();
    }

    void promote() {
      state = LEAD;
      LockSupport.unpark(caller);
    }

    boolean isDone() {
      return state == DONE;
    }

    private void finish() {
      state = DONE;
      if (caller != Thread.currentThread()) {
        LockSupport.unpark(caller);
      }
    }

    /**
     * Parks until the write is done or the caller must lead; returns whether it must lead. Not
     * interruptible: the write is in flight either way, so the caller learns its outcome, and the
     * interrupt flag is restored.
     */
    boolean awaitTurn() {
      boolean interrupted = false;
      while (state == WAITING) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return state == LEAD;
    }

    Object result() {
      if (state != DONE) {
        throw new IllegalStateException("group commit: result read before the write was done");
      }
      if (failure != null) {
        // A new exception per caller: its stack shows the caller, the cause the batch's failure.
        if (failure instanceof FencedException fenced) {
          throw new FencedException(
              fenced.getMessage(), fenced.shard(), fenced.epoch(), fenced.currentEpoch(), fenced);
        }
        throw new StorageException(failure.getMessage(), failure, failure.isRetryable());
      }
      return result;
    }
  }
}
