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
 * <p>Leader/follower, no thread of its own, pipelined. A caller queues its write; if no leader is
 * writing and fewer than {@code maxInFlight} transactions are in flight, it becomes the leader: it
 * takes everything queued (up to {@code maxBatch}), writes it in one transaction ({@link
 * BatchTransaction}) and, once its statements are done and only the COMMIT (the fsync) is left,
 * hands the writing turn to the first write queued meanwhile (whose caller wakes up and writes the
 * next batch while the first one commits). So whatever arrives while a batch is being written forms
 * the next batch, up to {@code maxInFlight} batches wait for their fsync at once (PostgreSQL
 * flushes their WAL together), an uncontended write is written by its own thread with no hand-off,
 * and no caller flushes more than one batch. Callers block until their batch is durable (the COMMIT
 * has returned). A caller's writes are therefore in order; writes of different callers in flight at
 * once are concurrent, as they would be without group commit.
 *
 * <p>Failures stay with their write: when a batch of several writes hits a conflict (a stale state
 * version, a journal step already recorded) or a non-retryable SQL error, the transaction is rolled
 * back and each write of the batch runs again in a transaction of its own, so only the offending
 * write fails and the others commit. (Savepoints per write would cost a round trip each on the
 * happy path; conflicts are rare, so the retry is cheaper overall.) The same goes for a deadlock or
 * serialization failure, which the batching itself (or two batches in flight) may cause. A
 * connection failure (lost connection, server shutting down or out of connections) fails the whole
 * batch at once with a retryable exception: each write alone would fail the same way.
 *
 * <p>Concurrency: the queue, the writing flag and the in-flight count are guarded by {@link #lock};
 * a ReentrantLock, held only for queue operations, never across I/O, so virtual threads never pin.
 * At most one leader writes at a time and at most {@code maxInFlight} are in flight. A promoted
 * write leaves the queue as it is promoted, so no other leader can take it. Each {@link Ticket} is
 * completed once, by the leader of its batch, and publishes its result through a volatile state.
 */
final class GroupCommitter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final Db db;
  private final int maxBatch;
  private final int maxInFlight;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();

  /** Whether a leader is writing its batch (or has been promoted to); at most one is. */
  private boolean writing;

  /** Leaders between their promotion and the end of their batch's transaction(s). */
  private int inFlight;

  private boolean closed;

  private final LongAdder transactions = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final AtomicInteger largestBatch = new AtomicInteger();
  private volatile GroupCommitListener listener;

  GroupCommitter(Db db, int maxBatch) {
    this(db, maxBatch, 1);
  }

  /**
   * {@code maxInFlight}: how many batches may be in flight at once (one writing, the others waiting
   * for their COMMIT); each holds a pooled connection meanwhile.
   */
  GroupCommitter(Db db, int maxBatch, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    this.db = db;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
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
      lead = !writing && inFlight < maxInFlight;
      if (lead) {
        writing = true;
        inFlight++;
      } else {
        queue.addLast(ticket);
      }
    } finally {
      lock.unlock();
    }
    if (lead || ticket.awaitTurn()) {
      lead(ticket);
    }
    return ticket.result();
  }

  /**
   * Flushes one batch, which starts with the leader's own write (no longer queued), and ends the
   * leader's turn. The writing turn passes on as soon as the batch's statements are done.
   */
  private void lead(Ticket first) {
    List<Ticket> batch = new ArrayList<>();
    batch.add(first);
    lock.lock();
    try {
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.pollFirst());
      }
    } finally {
      lock.unlock();
    }
    Turn turn = new Turn();
    GroupCommitListener l = listener;
    long start = l == null ? 0 : System.nanoTime();
    boolean failed = true;
    try {
      failed = !flush(batch, turn);
    } catch (RuntimeException | Error e) {
      // A bug, not a database failure (those come back as an Attempt): no caller may hang on it.
      StorageException failure = new StorageException("group commit failed unexpectedly: " + e, e);
      batch.stream().filter(ticket -> !ticket.isDone()).forEach(ticket -> ticket.fail(failure));
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      turn.run();
      lock.lock();
      try {
        inFlight--;
        promoteNext();
        if (inFlight == 0) {
          idle.signalAll();
        }
      } finally {
        lock.unlock();
      }
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

  /**
   * A leader's writing turn: ended once, by {@link BatchTransaction} just before COMMIT, or at the
   * end of the batch when the transaction never got that far.
   */
  private final class Turn implements Runnable {
    private boolean ended;

    @Override
    public void run() {
      if (ended) {
        return;
      }
      ended = true;
      lock.lock();
      try {
        writing = false;
        promoteNext();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Hands the writing turn to the first queued write, if the turn and a slot are free. */
  private void promoteNext() {
    if (!writing && inFlight < maxInFlight && !queue.isEmpty()) {
      writing = true;
      inFlight++;
      queue.pollFirst().promote();
    }
  }

  /** Flushes a batch; false when it failed as a whole. */
  private boolean flush(List<Ticket> batch, Runnable committing) {
    batches.increment();
    largestBatch.accumulateAndGet(batch.size(), Math::max);
    if (batch.size() == 1) {
      runAlone(batch.get(0), committing);
      return true;
    }
    transactions.increment();
    Attempt attempt =
        BatchTransaction.run(db, batch.stream().map(t -> t.write).toList(), committing);
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
        committing.run();
        batch.forEach(ticket -> runAlone(ticket, () -> {}));
        return false;
      }
    }
  }

  private void runAlone(Ticket ticket, Runnable committing) {
    transactions.increment();
    switch (BatchTransaction.run(db, List.of(ticket.write), committing)) {
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
      while (inFlight > 0 && nanos > 0) {
        nanos = idle.awaitNanos(nanos);
      }
      if (inFlight > 0) {
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
