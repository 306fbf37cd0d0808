package io.cruster.sharding.internal.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link KeepAliveSource} whose answers a test switches: renew, fail, hang (never answer), or
 * report the lease gone. Records when the last renewing keep-alive was sent. Thread-safe.
 */
final class ScriptedKeepAlives implements KeepAliveSource {
  enum Mode {
    RENEW,
    FAIL,
    HANG,
    GONE
  }

  private final AtomicReference<Mode> mode;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicLong lastRenewingSend = new AtomicLong();

  ScriptedKeepAlives(Mode initial) {
    this.mode = new AtomicReference<>(initial);
  }

  @Override
  public CompletableFuture<Long> keepAliveOnce(long leaseId) {
    long sentAt = System.nanoTime();
    calls.incrementAndGet();
    return switch (mode.get()) {
      case RENEW -> {
        lastRenewingSend.set(sentAt);
        yield CompletableFuture.completedFuture(10L);
      }
      case FAIL ->
          CompletableFuture.failedFuture(new IllegalStateException("etcd unreachable (scripted)"));
      case HANG -> new CompletableFuture<>();
      case GONE -> CompletableFuture.completedFuture(0L);
    };
  }

  void set(Mode next) {
    mode.set(next);
  }

  int calls() {
    return calls.get();
  }

  long lastRenewingSend() {
    return lastRenewingSend.get();
  }
}
