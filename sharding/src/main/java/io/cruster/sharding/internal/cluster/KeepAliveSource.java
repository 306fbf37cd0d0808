package io.cruster.sharding.internal.cluster;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Renews a lease once. The seam between {@link LeaseKeeper} and etcd, so tests can make keep-alives
 * fail, hang or report the lease gone. Implementations are thread-safe and never block the caller.
 */
@FunctionalInterface
interface KeepAliveSource {
  /**
   * Sends one keep-alive for {@code leaseId}.
   *
   * @return a future of the remaining TTL in seconds as the server reports it, {@code <= 0} when
   *     the server no longer knows the lease; completed exceptionally when the keep-alive did not
   *     get through
   */
  CompletableFuture<Long> keepAliveOnce(long leaseId);

  /** Keep-alives through jetcd's {@link Lease#keepAliveOnce}; "lease not found" becomes TTL 0. */
  static KeepAliveSource etcd(Lease lease) {
    return leaseId ->
        lease
            .keepAliveOnce(leaseId)
            .thenApply(LeaseKeepAliveResponse::getTTL)
            .exceptionally(
                e -> {
                  Throwable cause =
                      e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                  if (cause instanceof EtcdException etcd
                      && etcd.getErrorCode() == ErrorCode.NOT_FOUND) {
                    return 0L;
                  }
                  throw new CompletionException(cause);
                });
  }
}
