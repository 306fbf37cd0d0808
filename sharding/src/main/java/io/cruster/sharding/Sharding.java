package io.cruster.sharding;

import io.cruster.actors.ConfigException;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.StorageSource;
import io.cruster.sharding.internal.cluster.ClusterNode;
import io.cruster.sharding.internal.cluster.EtcdEndpoints;
import io.cruster.sharding.spi.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One runner of a sharded cluster: entities live in shards spread over the runners by weighted
 * rendezvous hashing; PostgreSQL keeps requests, state, journals, timers and deferreds; etcd keeps
 * the live runners and one lock per shard; runners call each other over gRPC. Any runner can call
 * any entity. Code written against {@link Cluster} runs here unchanged.
 *
 * <pre>{@code
 * ShardingConfig config = ShardingConfig.builder().runnerAddress("10.0.0.1:9000").build();
 * Sharding sharding = Sharding.builder(config).dataSource(ds).etcd("http://etcd:2379").build();
 * sharding.register(Counter.TYPE);
 * sharding.start();
 * EntityClient counters = sharding.client(Counter.TYPE);   // any node can call any entity
 * }</pre>
 *
 * <p>Register every entity type (and singleton, and cron schedule) on every runner before {@link
 * #start()}: the runner that serves a shard runs what it knows. Until {@code start()} no shard is
 * served here, so calls made before wait (up to their timeout) for a runner that serves their
 * entity. {@link #close()} leaves gracefully: this runner's shards are handed over to the others,
 * and callers of persisted requests see no failure.
 *
 * <p>Thread-safe. {@code build}, {@code start} and {@code close} block; see each.
 */
public final class Sharding implements Cluster {
  private final ClusterNode node;
  private final EntityRuntime runtime;

  private Sharding(ClusterNode node) {
    this.node = node;
    this.runtime = node.runtime();
  }

  /** A builder with {@code config}; set the database and etcd, then {@link Builder#build()}. */
  public static Builder builder(ShardingConfig config) {
    return new Builder(Objects.requireNonNull(config, "config"));
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
  public Workflows workflows() {
    return runtime.workflows();
  }

  @Override
  public void singleton(String name, Singleton body) {
    runtime.singleton(name, body);
  }

  @Override
  public List<DeadLetteredRequest> deadLetters(int limit) {
    return runtime.deadLetters(limit);
  }

  @Override
  public boolean redrive(String requestId) {
    return runtime.redrive(requestId);
  }

  /**
   * Starts serving: listens on {@link ShardingConfig#runnerAddress()}, joins the cluster in etcd
   * (retrying until the startup timeout), and takes the shards the assignment gives it, handed over
   * by their previous owners. Returns once joined, without waiting for every shard. Idempotent.
   *
   * @throws CrusterException when the address cannot be bound or etcd cannot be reached in time
   *     (the message names the endpoints)
   * @throws IllegalStateException when the runner was closed
   */
  public Sharding start() {
    node.start();
    return this;
  }

  /**
   * Advertises another weight for this runner: its share of the shards relative to the others. 0
   * drains it: its shards are handed over to the other runners (as on {@link #close()}) while it
   * keeps running and calling; a weight above 0 takes shards back. Blocks for one etcd request; the
   * shards move in the background.
   *
   * @throws ConfigException if {@code weight} is negative
   * @throws IllegalStateException before {@link #start()}
   */
  public void weight(int weight) {
    node.weight(weight);
  }

  /** The {@code host:port} other runners reach this one at; empty before {@link #start()}. */
  public Optional<String> address() {
    return node.address();
  }

  /** The configuration of this runner. */
  public ShardingConfig config() {
    return node.options().config();
  }

  /**
   * What this runner knows of the cluster now: runners, shard spread, its live entities, singletons
   * and the oldest dead letters. Blocks for one storage query (the dead letters).
   */
  @Override
  public ClusterStatus status() {
    return node.status();
  }

  /** {@inheritDoc} Before {@link #start()} every shard is unassigned. */
  @Override
  public ShardMap shardMap() {
    return node.shardMap();
  }

  @Override
  public EntitySnapshot entity(String entityType, String entityId) {
    return node.entity(entityType, entityId);
  }

  /**
   * UP while this runner holds its etcd lease, its storage answers and it holds the shards assigned
   * to it; DEGRADED while shards move (held differ from assigned); DOWN before start, once closed,
   * while its lease is lost (rejoining) or its storage is unreachable. Blocks for one storage round
   * trip.
   */
  @Override
  public Health health() {
    return node.health();
  }

  /**
   * Leaves the cluster gracefully and stops: the other runners take this runner's shards (each
   * entity here finishes what it runs first, up to {@link ShardingConfig#shardHandoverTimeout()}),
   * then the lease is revoked, the server stops and the storage this runner opened is closed.
   * Blocks for the hand-over. Idempotent.
   */
  @Override
  public void close() {
    node.close();
  }

  /** Builds a {@link Sharding} runner. Not thread-safe. */
  public static final class Builder {
    private final ShardingConfig config;
    private StorageSource source;
    private List<String> etcdEndpoints = EtcdEndpoints.fromEnvironment();
    private Optional<List<Path>> tls = Optional.empty();
    private final List<Instrumentation> instrumentations = new java.util.ArrayList<>();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Scheduler scheduler = Scheduler.system();

    private Builder(ShardingConfig config) {
      this.config = config;
    }

    /**
     * Store everything in the database of {@code dataSource} (migrations are applied; it is not
     * closed).
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

    /**
     * Use this storage; it is not closed by the runner. Every runner of a cluster must share one
     * database: in-memory storage only makes sense for a cluster of one.
     */
    public Builder storage(Storage storage) {
      this.source = StorageSource.given(storage);
      return this;
    }

    /**
     * The etcd endpoints, such as {@code http://etcd-1:2379} (default: {@code
     * CRUSTER_ETCD_ENDPOINTS}, comma-separated, else {@code http://127.0.0.1:2379}).
     *
     * @throws ConfigException when there is none or one is not {@code http(s)://host:port}
     */
    public Builder etcd(String... endpoints) {
      this.etcdEndpoints = EtcdEndpoints.checked(endpoints);
      return this;
    }

    /**
     * TLS between runners: this runner serves with {@code certChain} and {@code privateKey} (PEM)
     * and trusts the certificates in {@code trustCerts} (PEM) when it calls others. Every runner of
     * the cluster must use TLS then.
     */
    public Builder tls(Path certChain, Path privateKey, Path trustCerts) {
      this.tls =
          Optional.of(
              List.of(
                  Objects.requireNonNull(certChain, "certChain"),
                  Objects.requireNonNull(privateKey, "privateKey"),
                  Objects.requireNonNull(trustCerts, "trustCerts")));
      return this;
    }

    /**
     * Reports the runner's work to {@code instrumentation} ({@code
     * CrusterOpenTelemetry.create(...)} for traces across runners, {@code
     * CrusterMicrometer.create(...)} for metrics, or your own); callable more than once, each one
     * gets everything. Default: none, and nothing is recorded.
     */
    public Builder instrumentation(Instrumentation instrumentation) {
      instrumentations.add(Objects.requireNonNull(instrumentation, "instrumentation"));
      return this;
    }

    /** How long {@link #build()} waits for the database and {@link #start()} for etcd (60 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The clock and timers of the runner (default: the system's): durable sleeps, scheduled
     * messages, retries and backoffs read it.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Opens the storage (retrying an unreachable database up to the startup timeout; migrations
     * apply themselves) and returns the runner, not yet started. Blocks.
     *
     * @throws ConfigException if no database was given, or the address or TLS files are unusable
     * @throws io.cruster.persistence.StorageException if the database could not be reached in time
     */
    public Sharding build() {
      if (source == null) {
        throw new ConfigException(
            "a sharded runner needs the cluster's database: call dataSource(...), jdbcUrl(...) or "
                + "storage(...)");
      }
      ClusterNode.Options options =
          new ClusterNode.Options(
              config, etcdEndpoints, tls, startupTimeout, List.copyOf(instrumentations), scheduler);
      options.transport(); // checks the address and TLS files before anything opens
      Storage s = source.open(startupTimeout, scheduler);
      return new Sharding(new ClusterNode(options, s, source.ownedByNode()));
    }
  }
}
