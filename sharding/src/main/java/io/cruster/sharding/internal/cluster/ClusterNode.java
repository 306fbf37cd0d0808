package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ConfigException;
import io.cruster.actors.CrusterException;
import io.cruster.actors.Scheduler;
import io.cruster.actors.internal.Backoff;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.RunnerServer;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.Health;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.HealthChecks;
import io.cruster.sharding.internal.Placement;
import io.cruster.sharding.internal.RemoteEndpoint;
import io.cruster.sharding.internal.RemoteRunners;
import io.cruster.sharding.internal.Retry;
import io.cruster.sharding.internal.SchedulerClock;
import io.cruster.sharding.spi.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner of a sharded cluster, wired: the entity runtime, the transport (a server for calls to
 * this runner, {@link RemoteRunners} for calls to the others) and the {@link ShardManager} that
 * keeps the served shards in line with etcd. Joining retries with backoff up to the startup
 * timeout; leaving hands every shard over. The public {@code Sharding} facade delegates here.
 *
 * <p>Thread-safe: start and close are serialized by a lock.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  /** Bytes a frame may carry beyond {@link ShardingConfig#maxMessageBytes()}: envelope, headers. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  /**
   * What a runner is built from.
   *
   * @param tls certificate chain, private key and trusted certificates (PEM), or empty
   */
  public record Options(
      ShardingConfig config,
      List<String> etcdEndpoints,
      Optional<List<Path>> tls,
      Duration startupTimeout,
      List<Instrumentation> instrumentations,
      Scheduler scheduler) {

    /** The transport settings of this runner; checks the address and TLS files. */
    public TransportSettings transport() {
      String address = config.runnerAddress();
      int colon = address.lastIndexOf(':');
      TransportSettings.Builder b =
          TransportSettings.builder()
              .bindAddress(
                  address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
              .maxMessageBytes(config.maxMessageBytes() + ENVELOPE_BYTES)
              .callTimeout(config.callTimeout())
              .pingInterval(pingInterval(config.runnerLeaseTtl()));
      tls.ifPresent(
          files -> {
            b.serverTls(files.get(0), files.get(1));
            b.clientTls(files.get(2));
          });
      return b.build();
    }
  }

  private final Options options;
  private final ShardingConfig config;
  private final EntityRuntime runtime;
  private final Storage storage;
  private final boolean ownsStorage;
  private final TransportSettings transport;
  private final Placement.Switchable placement = new Placement.Switchable();
  private final RemoteRunners remote;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private volatile RunnerServer server;
  private volatile ShardManager shards;
  private volatile boolean started;
  private volatile boolean closed;

  public ClusterNode(Options options, Storage storage, boolean ownsStorage) {
    this.options = options;
    this.config = options.config();
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.transport = options.transport();
    Clock clock = SchedulerClock.of(options.scheduler());
    this.runtime = new EntityRuntime("runner", storage, config, options.scheduler(), clock);
    this.remote = new RemoteRunners(runtime, placement, transport);
    runtime.attachCluster(placement, remote);
    runtime.instrument(options.instrumentations(), config.runnerAddress());
  }

  public EntityRuntime runtime() {
    return runtime;
  }

  public Options options() {
    return options;
  }

  /**
   * Listens, joins the cluster in etcd (retrying until the startup timeout) and starts taking
   * shards. Blocks for the join. Idempotent.
   */
  public void start() {
    lifecycle.lock();
    try {
      if (closed) {
        throw new IllegalStateException("this runner is closed; build a new one");
      }
      if (!started) {
        startLocked();
        started = true;
      }
    } finally {
      lifecycle.unlock();
    }
  }

  private void startLocked() {
    server = RunnerServer.start(transport, new RemoteEndpoint(runtime));
    String address = Addresses.advertised(config.runnerAddress(), server.port());
    ClusterSettings cluster =
        ClusterSettings.defaults()
            .withKeyPrefix(config.clusterPrefix())
            .withLease(config.runnerLeaseTtl(), fenceMargin(config.runnerLeaseTtl()))
            .withRequestTimeout(etcdRequestTimeout(options.startupTimeout()));
    ShardManager manager =
        new ShardManager(
            options.etcdEndpoints(),
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
      join(manager);
    } catch (RuntimeException e) {
      manager.close();
      server.close();
      server = null;
      throw e;
    }
    shards = manager;
    runtime.runnerName(address);
    placement.target(manager);
    runtime.start();
    LOG.info(
        "runner {} started (groups {}, weight {}, etcd {})",
        address,
        config.shardGroups(),
        config.runnerWeight(),
        options.etcdEndpoints());
  }

  private void join(ShardManager manager) {
    List<String> etcd = options.etcdEndpoints();
    Duration timeout = options.startupTimeout();
    Retry.until(
        options.scheduler(),
        timeout,
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5)),
        () -> {
          manager.start();
          return null;
        },
        e -> e instanceof CrusterException ce && ce.isRetryable(),
        (e, wait) ->
            LOG.warn(
                "cannot join the cluster at etcd {} yet ({}); trying again in {}",
                etcd,
                e.getMessage(),
                wait),
        e ->
            new CrusterException(
                "could not join the cluster at etcd "
                    + etcd
                    + " within "
                    + timeout
                    + ": "
                    + e.getMessage(),
                e));
  }

  /**
   * The bound on one etcd request: 3 s, or a fifth of a shorter startup timeout (a cold client's
   * first requests may take five times it), at least 200 ms.
   */
  static Duration etcdRequestTimeout(Duration startupTimeout) {
    Duration fifth = startupTimeout.dividedBy(5);
    Duration t =
        fifth.compareTo(ClusterSettings.DEFAULT_REQUEST_TIMEOUT) < 0
            ? fifth
            : ClusterSettings.DEFAULT_REQUEST_TIMEOUT;
    return t.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : t;
  }

  /**
   * How often a runner pings each peer it calls: a quarter of the lease TTL (250 ms to 5 s). A peer
   * silent for three intervals is dropped and the calls waiting on it fail over, so a frozen peer
   * is noticed within about the lease TTL, not the call timeout.
   */
  static Duration pingInterval(Duration leaseTtl) {
    Duration quarter = leaseTtl.dividedBy(4);
    if (quarter.compareTo(Duration.ofMillis(250)) < 0) {
      return Duration.ofMillis(250);
    }
    return quarter.compareTo(TransportSettings.DEFAULT_PING_INTERVAL) > 0
        ? TransportSettings.DEFAULT_PING_INTERVAL
        : quarter;
  }

  /** Between the runner fencing itself and its lease expiring: a third of the TTL, at least 1 s. */
  static Duration fenceMargin(Duration ttl) {
    Duration third = ttl.dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  /**
   * Advertises another weight (0 drains the runner). Blocks for one etcd request.
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
    return s == null
        ? Optional.empty()
        : Optional.of(Addresses.advertised(config.runnerAddress(), s.port()));
  }

  /** Who serves each shard as this runner sees it. Never blocks. */
  public io.cruster.sharding.ShardMap shardMap() {
    return runtime.shardMap(address().orElse("(not started)"));
  }

  /** An entity's committed state and pending requests, read from storage. Blocks on storage. */
  public io.cruster.sharding.EntitySnapshot entity(String typeName, String entityId) {
    return runtime.entity(typeName, entityId);
  }

  /** What this runner knows of the cluster now. Blocks for one storage query (dead letters). */
  public ClusterStatus status() {
    ShardManager m = shards;
    List<ClusterStatus.Runner> runners = new ArrayList<>();
    String self = address().orElse("(not started)");
    if (m != null) {
      Map<String, Integer> assigned = m.assignedShards();
      Map<String, Set<String>> groups = m.groupsByRunner();
      m.runners().stream()
          .sorted(Comparator.comparing(RunnerId::address))
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

  /** See {@code Sharding.health()}. Blocks for one storage round trip. */
  public Health health() {
    List<Health.Check> checks = new ArrayList<>();
    checks.add(HealthChecks.node(runtime, started && !closed));
    ShardManager m = shards;
    if (m != null) {
      Optional<RunnerId> self = m.self();
      checks.add(
          self.isPresent()
              ? new Health.Check(
                  "etcd lease", Health.Status.UP, "held as " + self.get().lockValue())
              : new Health.Check(
                  "etcd lease", Health.Status.DOWN, "lost; rejoining, serving no shard"));
      String address = address().orElse("");
      checks.add(
          HealthChecks.shards(
              placement.servedShards().size(), m.assignedShards().getOrDefault(address, 0)));
    }
    checks.add(HealthChecks.storage(storage));
    return Health.of(checks);
  }

  /**
   * Leaves gracefully (hand-over of every shard), then revokes the lease, stops the server and
   * closes the storage this runner opened. Blocks. Idempotent.
   */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
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
    } finally {
      lifecycle.unlock();
    }
  }
}
