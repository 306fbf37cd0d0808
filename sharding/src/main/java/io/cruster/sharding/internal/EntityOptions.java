package io.cruster.sharding.internal;

import io.cruster.sharding.PassivationVeto;
import io.cruster.sharding.RetryPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-type options; empty or zero values fall back to the cluster's configuration.
 *
 * @param mailboxCapacity 0 for the cluster's default
 */
public record EntityOptions<S>(
    Optional<Duration> maxIdleTime,
    int mailboxCapacity,
    String shardGroup,
    RetryPolicy workflowRetry,
    Optional<PassivationVeto<S>> veto) {
  public static final String DEFAULT_SHARD_GROUP = "default";
}
