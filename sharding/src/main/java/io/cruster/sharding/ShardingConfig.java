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
 * @param shardsPerGroup shards in each shard group ({@value #DEFAULT_SHARDS_PER_GROUP}); fixed for the life of
 *     a cluster, since it decides where every entity lives
 * @param entityMaxIdleTime passivate entities idle this long (60 s)
 * @param entityMailboxCapacity requests that may wait for one entity before calls fail with
 *     {@code MailboxFullException} (100)
 * @param storagePollInterval how often stored requests and timers are polled, a safety net behind direct
 *     dispatch (500 ms)
 * @param storageMessageMaxRetries failed deliveries of a request before it is dead-lettered (10)
 * @param callTimeout how long a blocking call waits for its reply (30 s)
 * @param requestRetention how long a completed request and its reply are kept, so that a duplicate with its
 *     idempotency key still gets the stored reply; older ones are purged (24 h)
 * @param maxMessageBytes the largest serialized message accepted; larger ones are refused with
 *     {@link MessageTooLargeException} before anything is saved (8 MiB)
 */
public record ShardingConfig(
    int shardsPerGroup,
    Duration entityMaxIdleTime,
    int entityMailboxCapacity,
    Duration storagePollInterval,
    int storageMessageMaxRetries,
    Duration callTimeout,
    Duration requestRetention,
    int maxMessageBytes) {

  public static final int DEFAULT_SHARDS_PER_GROUP = 2048;
  public static final Duration DEFAULT_ENTITY_MAX_IDLE_TIME = Duration.ofSeconds(60);
  public static final int DEFAULT_ENTITY_MAILBOX_CAPACITY = 100;
  public static final Duration DEFAULT_STORAGE_POLL_INTERVAL = Duration.ofMillis(500);
  public static final int DEFAULT_STORAGE_MESSAGE_MAX_RETRIES = 10;
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_RETENTION = Duration.ofHours(24);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  public ShardingConfig {
    positive("shardsPerGroup", shardsPerGroup);
    positive("entityMailboxCapacity", entityMailboxCapacity);
    positive("storageMessageMaxRetries", storageMessageMaxRetries);
    positive("entityMaxIdleTime", entityMaxIdleTime);
    positive("storagePollInterval", storagePollInterval);
    positive("callTimeout", callTimeout);
    positive("requestRetention", requestRetention);
    positive("maxMessageBytes", maxMessageBytes);
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

  /** The defaults overridden by {@code CRUSTER_*} environment variables (see the README's table). */
  public static ShardingConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static ShardingConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    read(env, "CRUSTER_SHARDS_PER_GROUP", Integer::parseInt, b::shardsPerGroup);
    read(env, "CRUSTER_ENTITY_MAX_IDLE_TIME", Duration::parse, b::entityMaxIdleTime);
    read(env, "CRUSTER_ENTITY_MAILBOX_CAPACITY", Integer::parseInt, b::entityMailboxCapacity);
    read(env, "CRUSTER_STORAGE_POLL_INTERVAL", Duration::parse, b::storagePollInterval);
    read(env, "CRUSTER_STORAGE_MESSAGE_MAX_RETRIES", Integer::parseInt, b::storageMessageMaxRetries);
    read(env, "CRUSTER_CALL_TIMEOUT", Duration::parse, b::callTimeout);
    read(env, "CRUSTER_REQUEST_RETENTION", Duration::parse, b::requestRetention);
    read(env, "CRUSTER_MAX_MESSAGE_BYTES", Integer::parseInt, b::maxMessageBytes);
    return b.build();
  }

  private static <T> void read(Map<String, String> env, String key, Function<String, T> parse, java.util.function.Consumer<T> set) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return;
    }
    try {
      set.accept(parse.apply(raw.trim()));
    } catch (RuntimeException e) {
      throw new ConfigException(key + "=" + raw + " is not valid (" + e.getMessage()
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

    private Builder() {}

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
      return new ShardingConfig(shardsPerGroup, entityMaxIdleTime, entityMailboxCapacity, storagePollInterval,
          storageMessageMaxRetries, callTimeout, requestRetention, maxMessageBytes);
    }
  }
}
