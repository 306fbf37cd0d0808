package io.cruster.persistence.internal;

import io.cruster.persistence.StorageException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock of an in-memory storage and its closed flag. Every table runs each operation through
 * {@link #call} or {@link #run}, so operations are serialized and a commit (which holds the lock
 * across all its tables; the lock is reentrant) is atomic. A ReentrantLock, not synchronized, so a
 * virtual thread waiting for it does not pin its carrier. Operations under the lock are short and
 * never block on anything else. The closed flag is set under the lock (so close waits for the
 * operation in progress) and is volatile (so lock-free checks see it).
 */
final class Guard {
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;

  <T> T call(Supplier<T> operation) {
    lock.lock();
    try {
      ensureOpen();
      return operation.get();
    } finally {
      lock.unlock();
    }
  }

  /** Throws if the storage is closed; takes no lock (for calls that touch no table). */
  void ensureOpen() {
    if (closed) {
      throw new StorageException("storage is closed");
    }
  }

  void run(Runnable operation) {
    call(
        () -> {
          operation.run();
          return null;
        });
  }

  /** Marks the storage closed; idempotent. */
  void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  static int requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    return limit;
  }
}
