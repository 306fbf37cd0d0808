package io.cruster.testkit;

import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.DeadLetteredRequest;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntitySnapshot;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Health;
import io.cruster.sharding.ShardMap;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Singleton;
import io.cruster.sharding.Workflows;
import io.cruster.sharding.spi.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A complete cluster in memory, for tests: message storage, state, journal, durable timers and
 * deferreds, on a {@link ManualClock} that moves only when the test says so ({@code
 * cluster.clock().advance(Duration.ofHours(1))} fires durable sleeps, scheduled messages and
 * passivation timers at once). Code written against {@link Cluster} runs unchanged here and on a
 * real cluster.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.create()) {
 *   EntityClient counters = cluster.register(Counter.TYPE);
 *   int count = counters.call("counter-1", new Counter.Increment(5));
 * }
 * }</pre>
 *
 * Thread-safe. Blocking calls wait in real time (the call timeout), not on the manual clock.
 */
public final class TestCluster implements Cluster {
  private final ManualClock clock;
  private final Storage storage;
  private final ShardingConfig config;
  private final List<EntityType<?>> types = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, Singleton> singletons =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Node node;
  private final Workflows workflows = new RestartableWorkflows(this);
  private final AtomicLong restarts = new AtomicLong();
  private final AtomicLong restarted = new AtomicLong();
  private final ReentrantLock restartLock = new ReentrantLock();
  private final Condition restartDone = restartLock.newCondition();

  /** One incarnation of the cluster's node, with its activation counts. */
  private record Node(SingleRunner runner, Counts counts) {}

  /** Activations and passivations by entity type, counted from the runtime's events. */
  private static final class Counts implements Instrumentation {
    final Map<String, AtomicLong> activations = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> passivations = new ConcurrentHashMap<>();

    @Override
    public void entityActivated(String entityType, String entityId) {
      activations.computeIfAbsent(entityType, t -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void entityPassivated(String entityType, String entityId) {
      passivations.computeIfAbsent(entityType, t -> new AtomicLong()).incrementAndGet();
    }

    static long of(Map<String, AtomicLong> counts, String type) {
      AtomicLong n = counts.get(type);
      return n == null ? 0 : n.get();
    }
  }

  private final List<Instrumentation> instrumentations;

  private TestCluster(ShardingConfig config, List<Instrumentation> instrumentations) {
    this.config = config;
    this.instrumentations = List.copyOf(instrumentations);
    this.clock = ManualClock.create();
    this.storage = Storages.inMemory(clock.asClock());
    this.node = newNode();
    node.runner().start();
  }

  private Node newNode() {
    Counts counts = new Counts();
    SingleRunner.Builder b =
        SingleRunner.builder()
            .config(config)
            .storage(storage)
            .scheduler(clock)
            .instrumentation(counts);
    instrumentations.forEach(b::instrumentation);
    SingleRunner runner = b.build();
    return new Node(runner, counts);
  }

  /** A cluster with the default configuration. */
  public static TestCluster create() {
    return create(ShardingConfig.defaults());
  }

  /** A cluster with this configuration. */
  public static TestCluster create(ShardingConfig config) {
    return new TestCluster(Objects.requireNonNull(config, "config"), List.of());
  }

  /** A builder for a cluster with a configuration and instrumentation of its own. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TestCluster}. Not thread-safe. */
  public static final class Builder {
    private ShardingConfig config = ShardingConfig.defaults();
    private final List<Instrumentation> instrumentations = new java.util.ArrayList<>();

    private Builder() {}

    /** The configuration (default {@link ShardingConfig#defaults()}). */
    public Builder config(ShardingConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Reports the cluster's work to {@code instrumentation} (traces, metrics, your own); callable
     * more than once. Kept across {@link TestCluster#restart()}.
     */
    public Builder instrumentation(Instrumentation instrumentation) {
      instrumentations.add(Objects.requireNonNull(instrumentation, "instrumentation"));
      return this;
    }

    /** The cluster, started. */
    public TestCluster build() {
      return new TestCluster(config, instrumentations);
    }
  }

  /** The clock everything in this cluster reads; advance it to fire timers. */
  public ManualClock clock() {
    return clock;
  }

  /**
   * The in-memory storage, for assertions on what was persisted (requests, dead letters, journal).
   */
  public Storage storage() {
    return storage;
  }

  @Override
  public EntityClient register(EntityType<?> type) {
    node.runner().register(type);
    types.add(type);
    return new RestartableClient(this, type);
  }

  @Override
  public EntityClient client(EntityType<?> type) {
    node.runner().client(type); // fails for an unregistered type
    return new RestartableClient(this, type);
  }

  /** How many restarts have begun (a restart counts from before its old node closes). */
  long restarts() {
    return restarts.get();
  }

  /**
   * Waits until the restart in progress, if any, has put its fresh node in place (at most until
   * {@code deadlineNanos}).
   */
  void awaitRestarted(long deadlineNanos) {
    restartLock.lock();
    try {
      long left = deadlineNanos - System.nanoTime();
      while (restarted.get() < restarts.get() && left > 0) {
        left = restartDone.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      restartLock.unlock();
    }
  }

  /** The runner of the current incarnation (clients follow it across restarts). */
  SingleRunner runner() {
    return node.runner();
  }

  /**
   * Simulates a crash and restart of the node: every live entity, running workflow and waiting
   * caller is dropped, storage and the clock are kept, and a fresh node with the same registrations
   * and singletons takes over, picking up unfinished requests and workflows from storage (workflows
   * replay their journals). Clients obtained before keep working.
   */
  public void restart() {
    restart(Duration.ZERO);
  }

  /**
   * Simulates a crash, an outage and a restart: as {@link #restart()}, but the cluster stays down
   * for {@code downtime} on the manual clock before the fresh node starts. Nothing runs meanwhile:
   * timers, scheduled messages and singleton sleeps that fall due find no node, and the fresh node
   * finds what is due in storage when it starts, at {@code now() + downtime}.
   *
   * @throws IllegalArgumentException if {@code downtime} is negative
   */
  public void restart(Duration downtime) {
    Objects.requireNonNull(downtime, "downtime");
    if (downtime.isNegative()) {
      throw new IllegalArgumentException("downtime must not be negative, was " + downtime);
    }
    restarts.incrementAndGet(); // before the old node closes: joins cut short by it wait again
    node.runner().close();
    if (!downtime.isZero()) {
      clock.advance(downtime); // the closed node's timers fire into a node that no longer serves
    }
    Node fresh = newNode();
    for (EntityType<?> t : types) {
      fresh.runner().register(t);
    }
    // Clients follow `node`: switch before singletons start, so a singleton's first call reaches
    // the fresh node.
    node = fresh;
    singletons.forEach(fresh.runner()::singleton);
    fresh.runner().start();
    restartLock.lock();
    try {
      restarted.incrementAndGet();
      restartDone.signalAll();
    } finally {
      restartLock.unlock();
    }
  }

  /** {@inheritDoc} Handles and lists follow the cluster across {@link #restart()}s. */
  @Override
  public Workflows workflows() {
    return workflows;
  }

  @Override
  public java.util.List<DeadLetteredRequest> deadLetters(int limit) {
    return node.runner().deadLetters(limit);
  }

  @Override
  public boolean redrive(String requestId) {
    return node.runner().redrive(requestId);
  }

  @Override
  public void singleton(String name, Singleton body) {
    node.runner().singleton(name, body);
    singletons.put(name, body);
  }

  @Override
  public ClusterStatus status() {
    return node.runner().status();
  }

  @Override
  public ShardMap shardMap() {
    return node.runner().shardMap();
  }

  @Override
  public EntitySnapshot entity(String entityType, String entityId) {
    return node.runner().entity(entityType, entityId);
  }

  /** How many times entities of {@code type} were activated (loaded into memory). */
  public long activations(EntityType<?> type) {
    return Counts.of(node.counts().activations, type.name());
  }

  /**
   * How many times entities of {@code type} were passivated (removed from memory after being idle).
   */
  public long passivations(EntityType<?> type) {
    return Counts.of(node.counts().passivations, type.name());
  }

  /** How many entities of {@code type} are in memory now. */
  public int liveEntities(EntityType<?> type) {
    return node.runner().status().liveEntities().getOrDefault(type.name(), 0);
  }

  /** The health of the current node: UP while it runs (in-memory storage always answers). */
  @Override
  public Health health() {
    return node.runner().health();
  }

  @Override
  public void close() {
    node.runner().close();
    storage.close();
  }
}
