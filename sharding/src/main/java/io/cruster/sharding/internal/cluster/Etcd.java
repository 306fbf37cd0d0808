package io.cruster.sharding.internal.cluster;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Small helpers around jetcd: UTF-8 keys and values, bounded waits that throw {@link
 * ClusterException}.
 */
final class Etcd {
  private Etcd() {}

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  static String text(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Waits at most {@code timeout} for {@code future}. On timeout the request is cancelled and its
   * outcome is unknown; callers that care make their operation idempotent.
   *
   * @param what the operation and its subject for the exception message, such as {@code "lock key
   *     /c/x"}
   * @throws ClusterException on timeout or failure (retryable), or on interrupt (terminal, flag
   *     restored)
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ClusterException(
          "etcd: " + what + " got no answer within " + timeout.toMillis() + " ms", e, true);
    } catch (ExecutionException e) {
      throw new ClusterException("etcd: " + what + " failed: " + e.getCause(), e.getCause(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new ClusterException("etcd: " + what + " was interrupted", e, false);
    }
  }
}
