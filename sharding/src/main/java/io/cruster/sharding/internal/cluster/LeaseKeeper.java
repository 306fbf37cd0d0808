package io.cruster.sharding.internal.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one lease alive and drives its {@link Fence}: one thread sends a keep-alive every {@code
 * interval} (a third of the fence window, so at least two tries fit in before the deadline; half
 * that after a failure) and reports each success to the fence with the time the request was
 * <em>sent</em>.
 *
 * <p>Why not jetcd's streaming {@code keepAlive}: its responses do not say when the renewal they
 * answer was sent, and the fence needs that moment to stay on the safe side of the server's expiry.
 * One unary-style keep-alive every few seconds costs nothing that matters.
 *
 * <p>Every wait is bounded by the fence deadline, so the loop notices the deadline on time even
 * while etcd hangs; it then fences (if a listener has not already) and stops. A response saying the
 * lease is gone fences at once. The loop runs on a platform daemon thread, not a virtual one:
 * CPU-bound handlers occupying every carrier must not delay keep-alives into a needless fencing.
 * Thread-safe: {@link #start(long)} and {@link #close()} may be called from any thread.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final KeepAliveSource source;
  private final long leaseId;
  private final Fence fence;
  private final MonotonicClock clock;
  private final long intervalNanos;
  private final long requestTimeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean closed;
  private Thread thread;

  LeaseKeeper(
      KeepAliveSource source,
      long leaseId,
      Fence fence,
      MonotonicClock clock,
      Duration interval,
      Duration requestTimeout) {
    this.source = source;
    this.leaseId = leaseId;
    this.fence = fence;
    this.clock = clock;
    this.intervalNanos = interval.toNanos();
    this.requestTimeoutNanos = requestTimeout.toNanos();
  }

  /**
   * Starts the loop; the first keep-alive goes out one interval after {@code renewedAt}, the clock
   * reading taken before the grant (which renewed the lease).
   */
  void start(long renewedAt) {
    lock.lock();
    try {
      if (thread == null && !closed) {
        thread =
            Thread.ofPlatform()
                .daemon()
                .name("cruster-lease-" + Long.toHexString(leaseId))
                .start(() -> run(renewedAt + intervalNanos));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops the loop and waits (bounded) for it to end. Idempotent; leaves the fence as it is. */
  @Override
  public void close() {
    Thread running;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
      running = thread;
    } finally {
      lock.unlock();
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(Duration.ofNanos(requestTimeoutNanos).plusSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(long first) {
    long next = first;
    while (awaitUntil(next) && fence.isValid()) {
      long sentAt = clock.nanos();
      boolean ok = keepAliveOnce(sentAt);
      next = sentAt + (ok ? intervalNanos : intervalNanos / 2);
    }
    LOG.debug(
        "lease {}: keep-alive loop ended (fence valid: {})",
        Long.toHexString(leaseId),
        fence.isValid());
  }

  /**
   * One keep-alive, bounded by the request timeout and the fence deadline; true when it renewed the
   * lease.
   */
  private boolean keepAliveOnce(long sentAt) {
    // A hung keep-alive must not use up the window: give up on it after one interval and try again.
    long budget =
        Math.min(
            Math.min(requestTimeoutNanos, intervalNanos), Math.max(1, fence.nanosUntilDeadline()));
    CompletableFuture<Long> reply = source.keepAliveOnce(leaseId);
    try {
      long ttl = reply.get(budget, TimeUnit.NANOSECONDS);
      if (ttl > 0) {
        fence.renewed(sentAt);
        return true;
      }
      fence.lose(
          "lease " + Long.toHexString(leaseId) + " is gone on the server (expired or revoked)");
    } catch (TimeoutException e) {
      reply.cancel(true);
      LOG.warn(
          "lease {}: keep-alive got no answer within {} ms; {} ms left before fencing",
          Long.toHexString(leaseId),
          TimeUnit.NANOSECONDS.toMillis(budget),
          remainingMillis());
    } catch (ExecutionException e) {
      LOG.warn(
          "lease {}: keep-alive failed ({}); {} ms left before fencing",
          Long.toHexString(leaseId),
          e.getCause().toString(),
          remainingMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply.cancel(true);
    }
    return false;
  }

  private long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(fence.nanosUntilDeadline()));
  }

  /**
   * Waits until {@code target} or the fence deadline, whichever is first. False when closed or
   * interrupted.
   */
  private boolean awaitUntil(long target) {
    lock.lock();
    try {
      while (!closed) {
        long until = Math.min(target - clock.nanos(), fence.nanosUntilDeadline());
        if (until <= 0) {
          return true;
        }
        wake.awaitNanos(until);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
