package io.cruster.sharding;

import io.cruster.actors.Scheduler;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.internal.EntityRuntime;
import java.time.Clock;
import java.util.Objects;

/**
 * Every feature of the entity API on one node: persisted requests, state, journal, durable timers, deferreds,
 * scheduled messages. Storage is pluggable; PostgreSQL (with an embedded default) arrives with the persistence
 * module's JDBC implementation, until then the builder takes any {@link Storage} and defaults to in-memory.
 *
 * <pre>{@code
 * SingleRunner runner = SingleRunner.builder().build();
 * EntityClient counters = runner.register(Counter.TYPE);
 * runner.start();
 * }</pre>
 *
 * Thread-safe.
 */
public final class SingleRunner implements Cluster {
  private final EntityRuntime runtime;
  private final Storage storage;
  private final boolean ownsStorage;
  private volatile boolean started;

  private SingleRunner(Builder b) {
    this.storage = b.storage != null ? b.storage : Storages.inMemory();
    this.ownsStorage = b.storage == null;
    this.runtime = new EntityRuntime("single-runner", storage, b.config, Scheduler.system(), Clock.systemUTC());
  }

  /** A builder with the default configuration and in-memory storage. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EntityClient register(EntityType<?> type) {
    return runtime.register(type);
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    return runtime.client(type);
  }

  @Override
  public void singleton(String name, Singleton body) {
    runtime.singleton(name, body);
  }

  /** Marks the runner started; entities are served from the moment they are registered. Idempotent. */
  public SingleRunner start() {
    started = true;
    return this;
  }

  /** Whether {@link #start()} was called. */
  public boolean isStarted() {
    return started;
  }

  @Override
  public void close() {
    runtime.close();
    if (ownsStorage) {
      storage.close();
    }
  }

  /** Builds a {@link SingleRunner}. Not thread-safe. */
  public static final class Builder {
    private ShardingConfig config = ShardingConfig.defaults();
    private Storage storage;

    private Builder() {}

    /** The configuration (default {@link ShardingConfig#defaults()}). */
    public Builder config(ShardingConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The storage to use; the runner does not close storage it was given. */
    public Builder storage(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    public SingleRunner build() {
      return new SingleRunner(this);
    }
  }
}
