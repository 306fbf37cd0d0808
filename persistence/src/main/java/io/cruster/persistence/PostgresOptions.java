package io.cruster.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Storages#postgres} sets up a PostgreSQL storage. Immutable and thread-safe; start from
 * {@link #defaults()} and change fields with the {@code withX} methods or a {@link #builder()}.
 *
 * @param runMigrations whether the storage applies {@link Migrations} when it starts (default
 *     {@value #DEFAULT_RUN_MIGRATIONS}); turn it off when the schema is managed by another tool
 * @param poolSize the maximum number of pooled connections when the storage builds its own pool
 *     from a JDBC URL (default {@value #DEFAULT_POOL_SIZE}); ignored for a given DataSource
 * @param connectTimeout how long getting a connection from that pool may take before the call fails
 *     with a retryable {@link StorageException} (default 10 s); ignored for a given DataSource
 * @param maxBatchSize the most writes (commits and saved requests) that group commit puts in one
 *     transaction (default {@value #DEFAULT_MAX_BATCH_SIZE})
 */
public record PostgresOptions(
    boolean runMigrations, int poolSize, Duration connectTimeout, int maxBatchSize) {

  /** Migrations run at start-up by default. */
  public static final boolean DEFAULT_RUN_MIGRATIONS = true;

  /**
   * Eight connections: enough for a two-core database host (group commit needs one, polls and reads
   * the rest); PostgreSQL does best with few connections, about twice its cores.
   */
  public static final int DEFAULT_POOL_SIZE = 8;

  /** Ten seconds to get a connection from the storage's own pool. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Up to 256 writes share one group-commit transaction. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 256;

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when {@code connectTimeout} is null
   * @throws IllegalArgumentException when a number or duration is not positive; the message names
   *     it
   */
  public PostgresOptions {
    if (poolSize < 1) {
      throw new IllegalArgumentException("PostgresOptions.poolSize must be >= 1, was " + poolSize);
    }
    Objects.requireNonNull(connectTimeout, "PostgresOptions.connectTimeout must not be null");
    if (connectTimeout.toMillis() < 250) {
      // HikariCP's own lower bound.
      throw new IllegalArgumentException(
          "PostgresOptions.connectTimeout must be >= 250 ms, was " + connectTimeout);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException(
          "PostgresOptions.maxBatchSize must be >= 1, was " + maxBatchSize);
    }
  }

  /** The defaults: migrations on, 8 connections, 10 s connect timeout, batches of up to 256. */
  public static PostgresOptions defaults() {
    return new PostgresOptions(
        DEFAULT_RUN_MIGRATIONS, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BATCH_SIZE);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** These options with {@code runMigrations} changed. */
  public PostgresOptions withRunMigrations(boolean runMigrations) {
    return new PostgresOptions(runMigrations, poolSize, connectTimeout, maxBatchSize);
  }

  /** These options with {@code poolSize} changed. */
  public PostgresOptions withPoolSize(int poolSize) {
    return new PostgresOptions(runMigrations, poolSize, connectTimeout, maxBatchSize);
  }

  /** These options with {@code connectTimeout} changed. */
  public PostgresOptions withConnectTimeout(Duration connectTimeout) {
    return new PostgresOptions(runMigrations, poolSize, connectTimeout, maxBatchSize);
  }

  /** These options with {@code maxBatchSize} changed. */
  public PostgresOptions withMaxBatchSize(int maxBatchSize) {
    return new PostgresOptions(runMigrations, poolSize, connectTimeout, maxBatchSize);
  }

  /** Collects {@link PostgresOptions}. Not thread-safe. */
  public static final class Builder {
    private PostgresOptions options;

    private Builder(PostgresOptions options) {
      this.options = options;
    }

    /** See {@link PostgresOptions#runMigrations()}. */
    public Builder runMigrations(boolean runMigrations) {
      options = options.withRunMigrations(runMigrations);
      return this;
    }

    /** See {@link PostgresOptions#poolSize()}. */
    public Builder poolSize(int poolSize) {
      options = options.withPoolSize(poolSize);
      return this;
    }

    /** See {@link PostgresOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration connectTimeout) {
      options = options.withConnectTimeout(connectTimeout);
      return this;
    }

    /** See {@link PostgresOptions#maxBatchSize()}. */
    public Builder maxBatchSize(int maxBatchSize) {
      options = options.withMaxBatchSize(maxBatchSize);
      return this;
    }

    /** The options collected. */
    public PostgresOptions build() {
      return options;
    }
  }
}
