package io.cruster.sharding.internal.cluster;

import static io.cruster.sharding.internal.cluster.Etcd.bytes;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This runner's membership in the cluster, on etcd.
 *
 * <p>{@link #start()} grants one lease (TTL from the settings) and keeps it alive ({@link
 * LeaseKeeper}), registers this runner under {@code <prefix>/runners/<address>} bound to that lease
 * (value: {@link Member#encode()}), reads all runners and watches {@code <prefix>/runners/} from
 * the revision after that read ({@link RunnerWatch}). The listener gets the live runner set at
 * start and after every change. The {@link #fence()} says whether this runner may still serve; the
 * {@link #shardLocks()} are bound to the same lease. {@link #close()} fences, then revokes the
 * lease: the registration and every shard lock vanish at once (a graceful leave).
 *
 * <p>Losing the lease is detected three ways, whichever is first: the local deadline of the fence,
 * a keep-alive answered "lease not found", and the watch showing this runner's registration deleted
 * or replaced by another incarnation. Each fences for good; recovering means {@code close()} and a
 * new membership with a new {@link RunnerId#create incarnation}.
 *
 * <p>A second start on the same address (a restart before the old lease expired) takes the
 * registration over: the put rebinds the key to the new lease, and the old incarnation, if it still
 * runs, sees its registration replaced and fences. Its shard locks stay held until its lease goes,
 * and the new incarnation does not take them for its own.
 *
 * <p>Thread-safe. {@code start}, {@link #updateWeight} and {@code close} block for etcd, each
 * request bounded by the request timeout; the queries never block. The listener is called in
 * revision order, one call at a time: first on the thread calling {@code start}, then on jetcd's
 * watch threads; it must not block.
 */
public final class EtcdMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdMembership.class);

  private final Client client;
  private final ClusterSettings settings;
  private final Consumer<Set<RunnerId>> listener;
  private final MonotonicClock clock;
  private final KeepAliveSource keepAlives;
  private final RunnerWatch watch;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Member self;
  private volatile State state = State.NEW;
  private long leaseId;
  private Fence fence;
  private LeaseKeeper keeper;
  private ShardLocks locks;

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  EtcdMembership(
      Client client,
      ClusterSettings settings,
      Member self,
      Consumer<Set<RunnerId>> listener,
      KeepAliveSource keepAlives,
      MonotonicClock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.self = Objects.requireNonNull(self, "self");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.keepAlives = keepAlives;
    this.clock = clock;
    this.watch = new RunnerWatch(client, settings, this::onMembers);
  }

  /**
   * A membership for {@code self}, not started. The caller owns {@code client} and closes it after
   * this.
   *
   * @param listener gets the live runners (this one included) at start and after each change
   */
  public static EtcdMembership create(
      Client client, ClusterSettings settings, Member self, Consumer<Set<RunnerId>> listener) {
    return new EtcdMembership(
        client,
        settings,
        self,
        listener,
        KeepAliveSource.etcd(client.getLeaseClient()),
        MonotonicClock.SYSTEM);
  }

  /**
   * Grants the lease, registers, reads and watches the runners, starts the keep-alives. Blocks for
   * a few etcd round trips. On failure the lease (if granted) is revoked and this membership is
   * closed.
   *
   * @throws ClusterException when etcd does not answer in time or fails
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    lock.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException(
            "membership of " + self.id() + " is " + state + ", cannot start");
      }
      state = State.STARTED;
      // A cold client (its first connection, class loading on a busy machine) can take seconds over
      // its first
      // requests: warm the read and keep-alive paths up before anything counts against the fence
      // window, which then
      // starts at the first keep-alive (it renewed the lease after it was sent).
      Duration warmUp = settings.requestTimeout().multipliedBy(5);
      Etcd.await(
          client
              .getKVClient()
              .get(
                  bytes(settings.runnersDir()),
                  GetOption.builder().isPrefix(true).withCountOnly(true).build()),
          warmUp,
          "first read of " + settings.runnersDir());
      LeaseGrantResponse grant =
          Etcd.await(
              client.getLeaseClient().grant(settings.leaseTtl().toSeconds()),
              warmUp,
              "lease grant for " + self.id());
      leaseId = grant.getID();
      long grantSentAt = clock.nanos();
      Etcd.await(
          client.getLeaseClient().keepAliveOnce(leaseId),
          warmUp,
          "first keep-alive of lease " + Long.toHexString(leaseId));
      Duration ttl = Duration.ofSeconds(Math.min(grant.getTTL(), settings.leaseTtl().toSeconds()));
      Duration window = ttl.minus(settings.fenceMargin());
      fence = new Fence(clock, window, grantSentAt);
      locks = new ShardLocks(client.getKVClient(), settings, self.id(), leaseId, fence);
      register(self);
      watch.start();
      keeper =
          new LeaseKeeper(
              keepAlives, leaseId, fence, clock, window.dividedBy(3), settings.requestTimeout());
      keeper.start(grantSentAt);
      LOG.info(
          "{}: joined the cluster at {} (lease {}, TTL {} s)",
          self.id(),
          settings.keyPrefix(),
          Long.toHexString(leaseId),
          ttl.toSeconds());
    } catch (RuntimeException e) {
      closeLocked();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** This runner as currently advertised. */
  public RunnerId self() {
    return self.id();
  }

  /** The live runners, this one included while it is registered. Never blocks. */
  public Set<RunnerId> runners() {
    return watch.members().values().stream()
        .map(Member::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The live runners that serve {@code group}: the candidates for {@link Rendezvous} in that group.
   */
  public Set<RunnerId> runnersServing(String group) {
    return watch.members().values().stream()
        .filter(m -> m.serves(group))
        .map(Member::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether this runner may serve; valid from {@link #start()} until fenced or closed. */
  public Fence fence() {
    return requireStarted(fence);
  }

  /** The shard locks of this incarnation, bound to its lease. */
  public ShardLocks shardLocks() {
    return requireStarted(locks);
  }

  /**
   * Advertises another weight (0 drains this runner: rendezvous gives it no shard). Blocks for one
   * put.
   *
   * @throws ClusterException when etcd does not answer in time or fails
   */
  public void updateWeight(int weight) {
    lock.lock();
    try {
      requireStarted(fence);
      Member updated = new Member(self.id().withWeight(weight), self.groups());
      register(updated);
      self = updated;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Leases a machine id for snowflake ids, bound to this membership's lease (see {@link
   * MachineIds}). Blocks for etcd round trips.
   *
   * @throws ClusterException when etcd fails or every id is taken
   */
  public int leaseMachineId() {
    requireStarted(fence);
    return MachineIds.lease(client.getKVClient(), settings, self.id(), leaseId);
  }

  /** The runner watch, for tests. */
  RunnerWatch watch() {
    return watch;
  }

  /** The lease id, for tests. */
  long leaseId() {
    return leaseId;
  }

  /**
   * Leaves: fences this runner, stops the keep-alives and the watch, and revokes the lease so that
   * its registration and shard locks vanish now rather than after the TTL. Idempotent; a failed
   * revoke is logged (the lease then expires on its own). Blocks up to the request timeout.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closeLocked();
    } finally {
      lock.unlock();
    }
  }

  private void closeLocked() {
    if (state == State.CLOSED) {
      return;
    }
    boolean granted = fence != null;
    state = State.CLOSED;
    if (granted) {
      fence.retire("membership of " + self.id() + " closed");
    }
    if (keeper != null) {
      keeper.close();
    }
    watch.close();
    if (granted) {
      try {
        Etcd.await(
            client.getLeaseClient().revoke(leaseId),
            settings.requestTimeout(),
            "revoke of lease " + Long.toHexString(leaseId));
        LOG.info("{}: left the cluster at {}", self.id(), settings.keyPrefix());
      } catch (ClusterException e) {
        if (Status.fromThrowable(e).getCode() == Status.Code.NOT_FOUND) {
          LOG.info(
              "{}: left the cluster at {} (its lease was already gone)",
              self.id(),
              settings.keyPrefix());
        } else {
          LOG.warn("{}: {}; its keys go when the lease expires", self.id(), e.getMessage());
        }
      }
    }
  }

  private void register(Member member) {
    String key = settings.runnerKey(member.id().address());
    Etcd.await(
        client
            .getKVClient()
            .put(
                bytes(key),
                bytes(member.encode()),
                PutOption.builder().withLeaseId(leaseId).build()),
        settings.requestTimeout(),
        "registration at " + key);
  }

  /** Runs on the watch thread, under its lock, in revision order. */
  private void onMembers(Map<String, Member> members) {
    Member mine = self;
    Member seen = members.get(mine.id().address());
    Fence current = fence;
    if (current != null && state == State.STARTED) {
      if (seen == null) {
        current.lose(
            "the registration of " + mine.id() + " was deleted (lease expired or revoked)");
      } else if (!seen.id().incarnation().equals(mine.id().incarnation())) {
        current.lose("the registration of " + mine.id() + " was taken over by " + seen.id());
      }
    }
    Set<RunnerId> runners =
        members.values().stream().map(Member::id).collect(Collectors.toUnmodifiableSet());
    LOG.debug("{}: runners now {}", mine.id(), runners);
    listener.accept(runners);
  }

  private <T> T requireStarted(T value) {
    if (value == null) {
      throw new IllegalStateException("membership of " + self.id() + " is not started");
    }
    return value;
  }
}
