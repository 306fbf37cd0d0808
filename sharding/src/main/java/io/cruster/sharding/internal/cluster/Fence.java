package io.cruster.sharding.internal.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-fencing by local deadline: says whether this runner may still serve the shards it has
 * locked.
 *
 * <p>Each successful keep-alive moves the deadline to {@code sentAt + window}, where {@code sentAt}
 * is the monotonic time the keep-alive request was sent and {@code window = leaseTtl -
 * fenceMargin}. The server renewed the lease after that send, so it cannot expire the lease before
 * {@code sentAt + leaseTtl}: a runner that stops serving at the deadline stops at least {@code
 * fenceMargin} before any other runner can take its locks. That holds across partitions, since it
 * needs no message from anyone.
 *
 * <p>Fencing is terminal: once the deadline has passed (seen by {@link #isValid()}, by a late
 * renewal, or by the keep-alive loop) or the lease is known to be gone, this fence stays invalid
 * even if a later keep-alive succeeds. The runner must then close its membership and start a new
 * incarnation; serving again under the old lease would let validity flap.
 *
 * <p>Thread-safe. {@link #isValid()} never blocks (two volatile reads and a clock read, plus a lock
 * once, at the moment it sees the deadline pass). Listeners run once, on the thread that noticed
 * the fencing (the keep-alive loop, a watch callback or an {@code isValid} caller): keep them short
 * and non-blocking.
 */
public final class Fence {
  private static final Logger LOG = LoggerFactory.getLogger(Fence.class);

  private final MonotonicClock clock;
  private final long windowNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile long deadline;
  private volatile String reason;

  /**
   * A fence valid until {@code startedAt + window}.
   *
   * @param startedAt the clock reading taken just before the lease was granted
   */
  Fence(MonotonicClock clock, Duration window, long startedAt) {
    if (!window.isPositive()) {
      throw new IllegalArgumentException("fence window must be positive, was " + window);
    }
    this.clock = clock;
    this.windowNanos = window.toNanos();
    this.deadline = startedAt + windowNanos;
  }

  /** Whether the runner may serve: not fenced and its deadline not yet reached. Never blocks. */
  public boolean isValid() {
    if (reason != null) {
      return false;
    }
    if (clock.nanos() - deadline < 0) {
      return true;
    }
    expire();
    return false;
  }

  /** Why the runner was fenced; empty while it is valid. */
  public Optional<String> reason() {
    isValid();
    return Optional.ofNullable(reason);
  }

  /**
   * Calls {@code listener} once with the reason when the runner gets fenced, or at once if it
   * already is. Listeners cannot be removed: one fence lives as long as one lease.
   */
  public void onFenced(Consumer<String> listener) {
    listeners.add(listener);
    String why = reason;
    if (why != null && listeners.remove(listener)) {
      callEach(List.of(listener), why);
    }
  }

  /**
   * A keep-alive sent at {@code sentAt} succeeded: moves the deadline to {@code sentAt + window}
   * unless it is already later. Fences instead if the deadline passed before this renewal arrived.
   */
  void renewed(long sentAt) {
    boolean fencedNow = false;
    lock.lock();
    try {
      if (reason != null) {
        return;
      }
      if (clock.nanos() - deadline >= 0) {
        fenceLocked(
            "the lease was not renewed within "
                + Duration.ofNanos(windowNanos)
                + " (a keep-alive succeeded too late)");
        fencedNow = true;
      } else if (sentAt + windowNanos - deadline > 0) {
        deadline = sentAt + windowNanos;
      }
    } finally {
      lock.unlock();
    }
    if (fencedNow) {
      fireListeners();
    }
  }

  /**
   * Fences at once: the lease is known to be gone (revoked, expired, or our registration replaced).
   */
  void lose(String why) {
    fenceNow(why, true);
  }

  /** Fences at once because the runner leaves on purpose; logged quietly. */
  void retire(String why) {
    fenceNow(why, false);
  }

  private void fenceNow(String why, boolean unexpected) {
    lock.lock();
    try {
      if (reason != null) {
        return;
      }
      if (unexpected) {
        fenceLocked(why);
      } else {
        reason = why;
        LOG.debug("runner fenced: {}", why);
      }
    } finally {
      lock.unlock();
    }
    fireListeners();
  }

  /** Nanoseconds until the deadline; zero or less once it has passed. */
  long nanosUntilDeadline() {
    return deadline - clock.nanos();
  }

  /** The deadline as a clock reading. */
  long deadline() {
    return deadline;
  }

  private void expire() {
    lock.lock();
    try {
      if (reason != null) {
        return;
      }
      // Fenced even if a renewal moved the deadline meanwhile: a caller has already been told
      // "invalid".
      fenceLocked("no keep-alive succeeded within " + Duration.ofNanos(windowNanos));
    } finally {
      lock.unlock();
    }
    fireListeners();
  }

  private void fenceLocked(String why) {
    reason = why;
    LOG.warn("runner fenced, it must stop serving its shards: {}", why);
  }

  private void fireListeners() {
    List<Consumer<String>> toCall = List.copyOf(listeners);
    List<Consumer<String>> claimed = toCall.stream().filter(listeners::remove).toList();
    callEach(claimed, reason);
  }

  private static void callEach(List<Consumer<String>> toCall, String why) {
    for (Consumer<String> listener : toCall) {
      try {
        listener.accept(why);
      } catch (RuntimeException e) {
        LOG.error("fence listener failed", e);
      }
    }
  }
}
