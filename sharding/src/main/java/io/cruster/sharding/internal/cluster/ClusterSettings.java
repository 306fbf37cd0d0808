package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the membership and shard-lock layer. Immutable and thread-safe; validated on
 * construction, the message names the bad setting.
 *
 * <p>The fence window is {@code leaseTtl - fenceMargin}: a runner whose keep-alives have all failed
 * for that long, counted from the moment the last successful keep-alive was <em>sent</em>, stops
 * serving. The server expires the lease no earlier than {@code leaseTtl} after that same moment, so
 * the margin only has to cover the drift between the two clocks over one TTL and the time the
 * runtime needs to stop serving.
 *
 * @param keyPrefix the etcd key prefix of the cluster, such as {@code /cruster}; no trailing {@code
 *     /}
 * @param leaseTtl the runner lease's time to live; whole seconds, at least 2 s (etcd's minimum)
 * @param fenceMargin how long before the server could expire the lease the runner stops serving;
 *     {@code >= 0} and below {@code leaseTtl}
 * @param requestTimeout the bound on one etcd request (grant, put, get, txn, revoke, keep-alive)
 */
public record ClusterSettings(
    String keyPrefix, Duration leaseTtl, Duration fenceMargin, Duration requestTimeout) {
  /** Default {@link #keyPrefix()}. */
  public static final String DEFAULT_KEY_PREFIX = "/cruster";

  /**
   * Default {@link #leaseTtl()}: 10 s, the failover time after a crash is about this plus a
   * rebalance.
   */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

  /**
   * Default {@link #fenceMargin()}: 3 s, so a runner stops serving 7 s after its last good
   * keep-alive.
   */
  public static final Duration DEFAULT_FENCE_MARGIN = Duration.ofSeconds(3);

  /** Default {@link #requestTimeout()}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);

  /** Checks every setting. */
  public ClusterSettings {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isBlank()
        || keyPrefix.endsWith("/")
        || keyPrefix.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(
          "keyPrefix must be non-blank, without whitespace and without a "
              + "trailing '/', was '"
              + keyPrefix
              + "'");
    }
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    if (leaseTtl.toMillis() < 2000
        || leaseTtl.toMillis() % 1000 != 0
        || leaseTtl.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "leaseTtl must be whole seconds and at least 2 s, was " + leaseTtl);
    }
    Objects.requireNonNull(fenceMargin, "fenceMargin");
    if (fenceMargin.isNegative() || fenceMargin.compareTo(leaseTtl) >= 0) {
      throw new IllegalArgumentException(
          "fenceMargin must be >= 0 and below leaseTtl (" + leaseTtl + "), was " + fenceMargin);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (!requestTimeout.isPositive()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
  }

  /** The defaults: prefix {@code /cruster}, TTL 10 s, margin 3 s, request timeout 3 s. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(
        DEFAULT_KEY_PREFIX, DEFAULT_LEASE_TTL, DEFAULT_FENCE_MARGIN, DEFAULT_REQUEST_TIMEOUT);
  }

  /** These settings with another key prefix. */
  public ClusterSettings withKeyPrefix(String value) {
    return new ClusterSettings(value, leaseTtl, fenceMargin, requestTimeout);
  }

  /** These settings with another lease TTL and fence margin (checked together). */
  public ClusterSettings withLease(Duration ttl, Duration margin) {
    return new ClusterSettings(keyPrefix, ttl, margin, requestTimeout);
  }

  /** These settings with another request timeout. */
  public ClusterSettings withRequestTimeout(Duration value) {
    return new ClusterSettings(keyPrefix, leaseTtl, fenceMargin, value);
  }

  /** {@code <prefix>/runners/}: the directory watched for members. */
  String runnersDir() {
    return keyPrefix + "/runners/";
  }

  /** {@code <prefix>/runners/<address>}. */
  String runnerKey(String address) {
    return runnersDir() + address;
  }

  /** {@code <prefix>/shards/<group>/<id>}. */
  String shardKey(ShardId shard) {
    return keyPrefix + "/shards/" + shard.group() + "/" + shard.id();
  }
}
