package io.cruster.sharding;

import io.cruster.actors.ConfigException;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.RunnerServer;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.Placement;
import io.cruster.sharding.internal.RemoteEndpoint;
import io.cruster.sharding.internal.RemoteRunners;
import io.cruster.sharding.internal.StorageSource;
import io.cruster.sharding.internal.cluster.ClusterSettings;
import io.cruster.sharding.internal.cluster.RunnerId;
import io.cruster.sharding.internal.cluster.ShardManager;
import io.cruster.sharding.spi.MetricsListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(Sharding.class);

  /**
   * Bytes a frame may carry beyond {@link ShardingConfig#maxMessageBytes()}: the envelope and
   * headers.
   */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private final ShardingConfig config;
  private final EntityRuntime runtime;
  private final Storage storage;
  private final boolean ownsStorage;
  private final List<String> etcdEndpoints;
  private final TransportSettings transport;
  private final Placement.Switchable placement = new Placement.Switchable();
  private final RemoteRunners remote;
  private final Duration startupTimeout;
  private volatile RunnerServer server;
  private volatile ShardManager shards;
  private volatile boolean started;
  private volatile boolean closed;
  private final java.util.concurrent.locks.ReentrantLock lifecycle =
      new java.util.concurrent.locks.ReentrantLock();

  private Sharding(Builder b, Storage storage, boolean ownsStorage) {
    this.config = b.config;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.etcdEndpoints = b.etcdEndpoints;
    this.transport = b.transport();
    this.startupTimeout = b.startupTimeout;
    this.runtime =
        new EntityRuntime("runner", storage, config, Scheduler.system(), Clock.systemUTC());
    this.remote = new RemoteRunners(runtime, placement, transport);
    runtime.attachCluster(placement, remote);
    runtime.metrics(b.metrics);
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
   */
  public Sharding start() {
    lifecycle.lock();
    try {
      if (!started) {
        startLocked();
      }
      return this;
    } finally {
      lifecycle.unlock();
    }
  }

  private void startLocked() {
    if (closed) {
      throw new IllegalStateException("this runner is closed; build a new one");
    }
    server = RunnerServer.start(transport, new RemoteEndpoint(runtime));
    String address = advertised(server);
    ClusterSettings cluster =
        ClusterSettings.defaults()
            .withKeyPrefix(config.clusterPrefix())
            .withLease(config.runnerLeaseTtl(), fenceMargin(config.runnerLeaseTtl()))
            .withRequestTimeout(etcdRequestTimeout(startupTimeout));
    ShardManager manager =
        new ShardManager(
            etcdEndpoints,
            cluster,
            runtime,
            remote,
            address,
            config.runnerWeight(),
            config.shardGroups(),
            config.shardsPerGroup(),
            config.shardHandoverTimeout(),
            runtime::machineId);
    try {
      joinWithRetry(manager);
    } catch (RuntimeException e) {
      manager.close();
      server.close();
      server = null;
      throw e;
    }
    shards = manager;
    placement.target(manager);
    runtime.start();
    started = true;
    LOG.info(
        "runner {} started (groups {}, weight {}, etcd {})",
        address,
        config.shardGroups(),
        config.runnerWeight(),
        etcdEndpoints);
  }

  private void joinWithRetry(ShardManager manager) {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    Duration backoff = Duration.ofMillis(500);
    while (true) {
      try {
        manager.start();
        return;
      } catch (CrusterException e) {
        if (!e.isRetryable() || System.nanoTime() + backoff.toNanos() - deadline >= 0) {
          throw new CrusterException(
              "could not join the cluster at etcd "
                  + etcdEndpoints
                  + " within "
                  + startupTimeout
                  + ": "
                  + e.getMessage(),
              e);
        }
        LOG.warn(
            "cannot join the cluster at etcd {} yet ({}); trying again in {}",
            etcdEndpoints,
            e.getMessage(),
            backoff);
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new CrusterException("interrupted while joining the cluster", ie);
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                ? Duration.ofSeconds(5)
                : backoff.multipliedBy(2);
      }
    }
  }

  /**
   * The bound on one etcd request: 3 s, or a fifth of a shorter startup timeout (a cold client's
   * first requests may take five times it), at least 200 ms.
   */
  private static Duration etcdRequestTimeout(Duration startupTimeout) {
    Duration fifth = startupTimeout.dividedBy(5);
    Duration t =
        fifth.compareTo(ClusterSettings.DEFAULT_REQUEST_TIMEOUT) < 0
            ? fifth
            : ClusterSettings.DEFAULT_REQUEST_TIMEOUT;
    return t.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : t;
  }

  /**
   * The margin between the runner fencing itself and its lease expiring: a third of the TTL, at
   * least 1 s.
   */
  private static Duration fenceMargin(Duration ttl) {
    Duration third = ttl.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  private String advertised(RunnerServer server) {
    String configured = config.runnerAddress();
    String host = configured.substring(0, configured.lastIndexOf(':'));
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostAddress();
      } catch (java.net.UnknownHostException e) {
        throw new ConfigException(
            "runnerAddress "
                + configured
                + " binds every interface, and this host's own address "
                + "cannot be found to advertise; give the address to advertise instead");
      }
    }
    return host + ":" + server.port();
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
    if (weight < 0) {
      throw new ConfigException("runnerWeight must be >= 0 (0 drains the runner), was " + weight);
    }
    ShardManager m = shards;
    if (m == null) {
      throw new IllegalStateException(
          "this runner is not started; set runnerWeight in its ShardingConfig instead");
    }
    m.weight(weight);
  }

  /** The {@code host:port} other runners reach this one at; empty before {@link #start()}. */
  public Optional<String> address() {
    RunnerServer s = server;
    return s == null ? Optional.empty() : Optional.of(advertised(s));
  }

  /** The configuration of this runner. */
  public ShardingConfig config() {
    return config;
  }

  /**
   * What this runner knows of the cluster now: runners, shard spread, its live entities, singletons
   * and the oldest dead letters. Blocks for one storage query (the dead letters).
   */
  public ClusterStatus status() {
    ShardManager m = shards;
    List<ClusterStatus.Runner> runners = new ArrayList<>();
    String self = address().orElse("(not started)");
    if (m != null) {
      Map<String, Integer> assigned = m.assignedShards();
      Map<String, Set<String>> groups = m.groupsByRunner();
      m.runners().stream()
          .sorted(java.util.Comparator.comparing(RunnerId::address))
          .forEach(
              r ->
                  runners.add(
                      new ClusterStatus.Runner(
                          r.address(),
                          r.incarnation(),
                          r.weight(),
                          groups.getOrDefault(r.address(), Set.of()),
                          assigned.getOrDefault(r.address(), 0))));
      self = m.self().map(RunnerId::lockValue).orElse(self + " (rejoining)");
    }
    return new ClusterStatus(
        self,
        runners,
        placement.servedShards().size(),
        runtime.liveEntitiesByType(),
        runtime.queuedDeliveries(),
        runtime.runningSingletons(),
        runtime.deadLetters(20));
  }

  /**
   * Leaves the cluster gracefully and stops: the other runners take this runner's shards (each
   * entity here finishes what it runs first, up to {@link ShardingConfig#shardHandoverTimeout()}),
   * then the lease is revoked, the server stops and the storage this runner opened is closed.
   * Blocks for the hand-over. Idempotent.
   */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      if (!closed) {
        closed = true;
        closeLocked();
      }
    } finally {
      lifecycle.unlock();
    }
  }

  private void closeLocked() {
    ShardManager m = shards;
    if (m != null) {
      m.close();
    }
    remote.close();
    runtime.close();
    RunnerServer s = server;
    if (s != null) {
      s.close();
    }
    if (ownsStorage) {
      storage.close();
    }
    LOG.info("runner {} stopped", address().orElse(""));
  }

  /** Builds a {@link Sharding} runner. Not thread-safe. */
  public static final class Builder {
    private final ShardingConfig config;
    private StorageSource source;
    private List<String> etcdEndpoints = defaultEtcd();
    private Optional<Path> tlsCertChain = Optional.empty();
    private Optional<Path> tlsPrivateKey = Optional.empty();
    private Optional<Path> tlsTrustCerts = Optional.empty();
    private MetricsListener metrics = MetricsListener.NONE;
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder(ShardingConfig config) {
      this.config = config;
    }

    private static List<String> defaultEtcd() {
      String env = System.getenv("CRUSTER_ETCD_ENDPOINTS");
      return env == null || env.isBlank()
          ? List.of("http://127.0.0.1:2379")
          : Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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
     */
    public Builder etcd(String... endpoints) {
      if (endpoints.length == 0) {
        throw new ConfigException(
            "etcd needs at least one endpoint, such as http://127.0.0.1:2379");
      }
      for (String e : endpoints) {
        if (e == null || !e.matches("https?://[^\\s/]+:[0-9]{1,5}/?")) {
          throw new ConfigException("etcd endpoint must be http(s)://host:port, was '" + e + "'");
        }
      }
      this.etcdEndpoints = List.of(endpoints);
      return this;
    }

    /**
     * TLS between runners: this runner serves with {@code certChain} and {@code privateKey} (PEM)
     * and trusts the certificates in {@code trustCerts} (PEM) when it calls others. Every runner of
     * the cluster must use TLS then.
     */
    public Builder tls(Path certChain, Path privateKey, Path trustCerts) {
      this.tlsCertChain = Optional.of(Objects.requireNonNull(certChain, "certChain"));
      this.tlsPrivateKey = Optional.of(Objects.requireNonNull(privateKey, "privateKey"));
      this.tlsTrustCerts = Optional.of(Objects.requireNonNull(trustCerts, "trustCerts"));
      return this;
    }

    /** Where metrics events go (default: nowhere). */
    public Builder metrics(MetricsListener listener) {
      this.metrics = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How long {@link #build()} waits for the database and {@link #start()} for etcd (60 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    TransportSettings transport() {
      String address = config.runnerAddress();
      int colon = address.lastIndexOf(':');
      TransportSettings.Builder b =
          TransportSettings.builder()
              .bindAddress(
                  address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
              .maxMessageBytes(config.maxMessageBytes() + ENVELOPE_BYTES)
              .callTimeout(config.callTimeout());
      tlsCertChain.ifPresent(chain -> b.serverTls(chain, tlsPrivateKey.orElseThrow()));
      tlsTrustCerts.ifPresent(b::clientTls);
      return b.build();
    }

    /**
     * Opens the storage (retrying an unreachable database up to the startup timeout; migrations
     * apply themselves) and returns the runner, not yet started. Blocks.
     *
     * @throws ConfigException if no database was given
     * @throws io.cruster.persistence.StorageException if the database could not be reached in time
     */
    public Sharding build() {
      if (source == null) {
        throw new ConfigException(
            "a sharded runner needs the cluster's database: call dataSource(...), jdbcUrl(...) or "
                + "storage(...)");
      }
      transport(); // checks the address and TLS files before anything opens
      Storage s = source.open(startupTimeout);
      return new Sharding(this, s, source.ownedByNode());
    }
  }
}
