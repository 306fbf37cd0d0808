package io.cruster.sharding;

import io.cruster.actors.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configuration of a cluster node. Immutable; start from {@link #defaults()}, {@link #builder()} or
 * {@link #fromEnvironment()} (which reads {@code CRUSTER_*} variables over the defaults).
 *
 * @param shardsPerGroup shards in each shard group ({@value #DEFAULT_SHARDS_PER_GROUP}); fixed for
 *     the life of a cluster, since it decides where every entity lives
 * @param entityMaxIdleTime passivate entities idle this long (60 s)
 * @param entityMailboxCapacity requests that may wait for one entity before calls fail with {@code
 *     MailboxFullException} (100)
 * @param storagePollInterval how often stored requests and timers are polled, a safety net behind
 *     direct dispatch (500 ms)
 * @param storageMessageMaxRetries failed deliveries of a request before it is dead-lettered (10)
 * @param callTimeout how long a blocking call waits for its reply (30 s)
 * @param requestRetention how long a completed request and its reply are kept, so that a duplicate
 *     with its idempotency key still gets the stored reply; older ones are purged (24 h)
 * @param maxMessageBytes the largest serialized message accepted; larger ones are refused with
 *     {@link MessageTooLargeException} before anything is saved (8 MiB)
 * @param runnerAddress the {@code host:port} a {@link Sharding} runner listens on and advertises to
 *     the others ({@code 127.0.0.1:0}: loopback, a free port); a port of 0 picks a free one and
 *     advertises it
 * @param runnerWeight the runner's share of shards relative to the others (1); 0 drains it (it
 *     hosts no shards)
 * @param shardGroups the shard groups this runner hosts ({@code default}); empty: it only calls.
 *     Singletons live in the {@code default} group
 * @param clusterPrefix the etcd key prefix under which runners and shard locks live ({@code
 *     /cruster}); clusters sharing one etcd need distinct prefixes
 * @param runnerLeaseTtl the lease of a runner's registration and shard locks (10 s, whole seconds,
 *     at least 2 s): after a crash its shards are taken over about this long later. A runner that
 *     cannot renew it stops serving before it expires
 * @param shardHandoverTimeout how long a runner handing a shard over lets its running calls finish
 *     before it interrupts them (10 s)
 * @param workflowRetention how long a finished workflow execution (its record, journal and reply)
 *     is kept for {@code Cluster.workflows()} to find, describe and restart; older ones are purged
 *     in batches (7 days)
 */
public record ShardingConfig(
    int shardsPerGroup,
    Duration entityMaxIdleTime,
    int entityMailboxCapacity,
    Duration storagePollInterval,
    int storageMessageMaxRetries,
    Duration callTimeout,
    Duration requestRetention,
    int maxMessageBytes,
    String runnerAddress,
    int runnerWeight,
    java.util.Set<String> shardGroups,
    String clusterPrefix,
    Duration runnerLeaseTtl,
    Duration shardHandoverTimeout,
    Duration workflowRetention) {

  public static final int DEFAULT_SHARDS_PER_GROUP = 2048;
  public static final Duration DEFAULT_ENTITY_MAX_IDLE_TIME = Duration.ofSeconds(60);
  public static final int DEFAULT_ENTITY_MAILBOX_CAPACITY = 100;
  public static final Duration DEFAULT_STORAGE_POLL_INTERVAL = Duration.ofMillis(500);
  public static final int DEFAULT_STORAGE_MESSAGE_MAX_RETRIES = 10;
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_RETENTION = Duration.ofHours(24);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  public static final String DEFAULT_RUNNER_ADDRESS = "127.0.0.1:0";
  public static final int DEFAULT_RUNNER_WEIGHT = 1;
  public static final String DEFAULT_SHARD_GROUP = "default";
  public static final String DEFAULT_CLUSTER_PREFIX = "/cruster";
  public static final Duration DEFAULT_RUNNER_LEASE_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WORKFLOW_RETENTION = Duration.ofDays(7);
  public static final Duration DEFAULT_SHARD_HANDOVER_TIMEOUT = Duration.ofSeconds(10);

  public ShardingConfig {
    positive("shardsPerGroup", shardsPerGroup);
    positive("entityMailboxCapacity", entityMailboxCapacity);
    positive("storageMessageMaxRetries", storageMessageMaxRetries);
    positive("entityMaxIdleTime", entityMaxIdleTime);
    positive("storagePollInterval", storagePollInterval);
    positive("callTimeout", callTimeout);
    positive("requestRetention", requestRetention);
    positive("maxMessageBytes", maxMessageBytes);
    Objects.requireNonNull(runnerAddress, "runnerAddress");
    if (!runnerAddress.matches("[^\\s/]+:[0-9]{1,5}")
        || Integer.parseInt(runnerAddress.substring(runnerAddress.lastIndexOf(':') + 1)) > 65535) {
      throw new ConfigException(
          "runnerAddress must be host:port (port 0-65535, 0 = any free port), was '"
              + runnerAddress
              + "'");
    }
    if (runnerWeight < 0) {
      throw new ConfigException(
          "runnerWeight must be >= 0 (0 drains the runner), was " + runnerWeight);
    }
    Objects.requireNonNull(shardGroups, "shardGroups");
    shardGroups = java.util.Set.copyOf(shardGroups);
    for (String g : shardGroups) {
      if (g.isBlank() || g.contains(",") || g.contains("/")) {
        throw new ConfigException(
            "shardGroups: a group name must be non-blank without ',' or '/', was '" + g + "'");
      }
    }
    Objects.requireNonNull(clusterPrefix, "clusterPrefix");
    if (!clusterPrefix.startsWith("/")
        || clusterPrefix.endsWith("/")
        || clusterPrefix.chars().anyMatch(c -> c <= ' ')) {
      throw new ConfigException(
          "clusterPrefix must start with '/', have no trailing '/' and no whitespace, was '"
              + clusterPrefix
              + "'");
    }
    positive("runnerLeaseTtl", runnerLeaseTtl);
    if (runnerLeaseTtl.toMillis() < 2000 || runnerLeaseTtl.toMillis() % 1000 != 0) {
      throw new ConfigException(
          "runnerLeaseTtl must be whole seconds and at least 2 s (etcd's minimum), was "
              + runnerLeaseTtl);
    }
    positive("shardHandoverTimeout", shardHandoverTimeout);
    positive("workflowRetention", workflowRetention);
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new ConfigException(key + " must be >= 1, was " + value);
    }
  }

  private static void positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key + " must be a positive duration, was " + value);
    }
  }

  /** The defaults. */
  public static ShardingConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults overridden by {@code CRUSTER_*} environment variables (see the README's table).
   */
  public static ShardingConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static ShardingConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    read(env, "CRUSTER_SHARDS_PER_GROUP", Integer::parseInt, b::shardsPerGroup);
    read(env, "CRUSTER_ENTITY_MAX_IDLE_TIME", Duration::parse, b::entityMaxIdleTime);
    read(env, "CRUSTER_ENTITY_MAILBOX_CAPACITY", Integer::parseInt, b::entityMailboxCapacity);
    read(env, "CRUSTER_STORAGE_POLL_INTERVAL", Duration::parse, b::storagePollInterval);
    read(
        env, "CRUSTER_STORAGE_MESSAGE_MAX_RETRIES", Integer::parseInt, b::storageMessageMaxRetries);
    read(env, "CRUSTER_CALL_TIMEOUT", Duration::parse, b::callTimeout);
    read(env, "CRUSTER_REQUEST_RETENTION", Duration::parse, b::requestRetention);
    read(env, "CRUSTER_MAX_MESSAGE_BYTES", Integer::parseInt, b::maxMessageBytes);
    read(env, "CRUSTER_RUNNER_ADDRESS", Function.identity(), b::runnerAddress);
    read(env, "CRUSTER_RUNNER_WEIGHT", Integer::parseInt, b::runnerWeight);
    read(env, "CRUSTER_SHARD_GROUPS", ShardingConfig::groups, b::shardGroups);
    read(env, "CRUSTER_CLUSTER_PREFIX", Function.identity(), b::clusterPrefix);
    read(env, "CRUSTER_RUNNER_LEASE_TTL", Duration::parse, b::runnerLeaseTtl);
    read(env, "CRUSTER_SHARD_HANDOVER_TIMEOUT", Duration::parse, b::shardHandoverTimeout);
    read(env, "CRUSTER_WORKFLOW_RETENTION", Duration::parse, b::workflowRetention);
    return b.build();
  }

  /** Comma-separated group names; {@code none}: no group (a runner that only calls). */
  private static java.util.Set<String> groups(String csv) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (csv.equals("none")) {
      return out;
    }
    for (String g : csv.split(",")) {
      if (!g.isBlank()) {
        out.add(g.trim());
      }
    }
    return out;
  }

  private static <T> void read(
      Map<String, String> env,
      String key,
      Function<String, T> parse,
      java.util.function.Consumer<T> set) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return;
    }
    try {
      set.accept(parse.apply(raw.trim()));
    } catch (RuntimeException e) {
      throw new ConfigException(
          key
              + "="
              + raw
              + " is not valid ("
              + e.getMessage()
              + "); durations use ISO-8601, e.g. PT30S");
    }
  }

  /** Builds {@link ShardingConfig}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int shardsPerGroup = DEFAULT_SHARDS_PER_GROUP;
    private Duration entityMaxIdleTime = DEFAULT_ENTITY_MAX_IDLE_TIME;
    private int entityMailboxCapacity = DEFAULT_ENTITY_MAILBOX_CAPACITY;
    private Duration storagePollInterval = DEFAULT_STORAGE_POLL_INTERVAL;
    private int storageMessageMaxRetries = DEFAULT_STORAGE_MESSAGE_MAX_RETRIES;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private Duration requestRetention = DEFAULT_REQUEST_RETENTION;
    private String runnerAddress = DEFAULT_RUNNER_ADDRESS;
    private int runnerWeight = DEFAULT_RUNNER_WEIGHT;
    private java.util.Set<String> shardGroups = java.util.Set.of(DEFAULT_SHARD_GROUP);
    private String clusterPrefix = DEFAULT_CLUSTER_PREFIX;
    private Duration runnerLeaseTtl = DEFAULT_RUNNER_LEASE_TTL;
    private Duration shardHandoverTimeout = DEFAULT_SHARD_HANDOVER_TIMEOUT;
    private Duration workflowRetention = DEFAULT_WORKFLOW_RETENTION;

    private Builder() {}

    /** The {@code host:port} this runner listens on and advertises; port 0 picks a free one. */
    public Builder runnerAddress(String hostPort) {
      this.runnerAddress = hostPort;
      return this;
    }

    /** This runner's relative share of shards; 0 drains it. */
    public Builder runnerWeight(int weight) {
      this.runnerWeight = weight;
      return this;
    }

    /** The shard groups this runner hosts; none: it only calls. */
    public Builder shardGroups(java.util.Set<String> groups) {
      this.shardGroups = groups;
      return this;
    }

    /** The etcd key prefix of the cluster. */
    public Builder clusterPrefix(String prefix) {
      this.clusterPrefix = prefix;
      return this;
    }

    /** The lease TTL of the runner's registration and shard locks. */
    public Builder runnerLeaseTtl(Duration ttl) {
      this.runnerLeaseTtl = ttl;
      return this;
    }

    /** How long a shard hand-over lets running calls finish. */
    /** How long finished workflow executions are kept (7 days). */
    public Builder workflowRetention(Duration d) {
      this.workflowRetention = d;
      return this;
    }

    public Builder shardHandoverTimeout(Duration timeout) {
      this.shardHandoverTimeout = timeout;
      return this;
    }

    public Builder shardsPerGroup(int n) {
      this.shardsPerGroup = n;
      return this;
    }

    public Builder entityMaxIdleTime(Duration d) {
      this.entityMaxIdleTime = d;
      return this;
    }

    public Builder entityMailboxCapacity(int n) {
      this.entityMailboxCapacity = n;
      return this;
    }

    public Builder storagePollInterval(Duration d) {
      this.storagePollInterval = d;
      return this;
    }

    public Builder storageMessageMaxRetries(int n) {
      this.storageMessageMaxRetries = n;
      return this;
    }

    public Builder callTimeout(Duration d) {
      this.callTimeout = d;
      return this;
    }

    public Builder requestRetention(Duration d) {
      this.requestRetention = d;
      return this;
    }

    public Builder maxMessageBytes(int n) {
      this.maxMessageBytes = n;
      return this;
    }

    public ShardingConfig build() {
      return new ShardingConfig(
          shardsPerGroup,
          entityMaxIdleTime,
          entityMailboxCapacity,
          storagePollInterval,
          storageMessageMaxRetries,
          callTimeout,
          requestRetention,
          maxMessageBytes,
          runnerAddress,
          runnerWeight,
          shardGroups,
          clusterPrefix,
          runnerLeaseTtl,
          shardHandoverTimeout,
          workflowRetention);
    }
  }
}
