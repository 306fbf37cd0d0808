package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import io.cruster.actors.internal.Backoff;
import io.cruster.sharding.internal.EntityRuntime;
import io.cruster.sharding.internal.Placement;
import io.cruster.sharding.internal.RemoteRunners;
import io.cruster.sharding.internal.Signal;
import io.cruster.sharding.spi.Observation;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which shards this runner serves, kept in line with the live runner set in etcd.
 *
 * <p>A runner joins with a fresh incarnation ({@link EtcdMembership}: lease, registration, watch,
 * machine id). Every change of the runner set recomputes the owner of each shard by weighted
 * rendezvous hashing ({@link Rendezvous}) and wakes one loop thread, which releases the shards this
 * runner should no longer serve and takes the locks of those it should ({@link ShardLocks}). A lock
 * still held by the previous owner (handing over, or dead until its lease expires) is tried again
 * every {@value #RETRY_MILLIS} ms until it is free.
 *
 * <p>Releasing a shard: it stops being {@linkplain #isLocal local} at once (new calls go to, and
 * wait for, its next owner), its singletons stop, its entities finish what they run and are retired
 * ({@link EntityRuntime#handOver}, up to the hand-over timeout), and only then is its lock deleted,
 * so two runners never serve one shard at once.
 *
 * <p>Fencing: when the lease cannot be renewed in time the {@link Fence} turns invalid, which makes
 * every shard non-local at once; the loop then stops all entities (within half the fence margin),
 * leaves, and joins again as a new incarnation once etcd answers. {@link #close()} leaves
 * gracefully: weight 0 (the others take over the shards), release of every shard with hand-over,
 * then the lease is revoked.
 *
 * <p>About 500 lines on purpose: joining, rebalancing, releasing and recovering from fencing are
 * one loop over one session, and keeping them together keeps the order of their steps (mark
 * non-local, hand over, delete locks) visible. Batching ({@link Batches}), settling ({@link
 * Settling}) and the wake-ups ({@code Signal}) live apart.
 *
 * <p>Thread-safe. The {@link Placement} queries never block; {@link #start} and {@link #close}
 * block for etcd and hand-over.
 */
public final class ShardManager implements Placement, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardManager.class);
  static final long RETRY_MILLIS = 100;

  /**
   * How long the runner set must stay unchanged before shards are taken: runners starting together
   * then settle on one assignment instead of taking shards from each other one join at a time.
   * Releases are never delayed.
   */
  static final long SETTLE_MILLIS = 500;

  private static final Duration REJOIN_BACKOFF_MIN = Duration.ofMillis(200);
  private static final Duration REJOIN_BACKOFF_MAX = Duration.ofSeconds(5);

  private final Client client;
  private final ClusterSettings settings;
  private final EntityRuntime runtime;
  private final RemoteRunners remote;
  private final String address;
  private final Set<String> groups;
  private final int shardsPerGroup;
  private final Duration handoverTimeout;
  private final IntConsumer machineIds;
  private final Signal wake;
  private final Settling settling;
  private final Set<ShardId> releasing = ConcurrentHashMap.newKeySet();
  private final ServedShards served;
  private final Set<ShardId> unreleased = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile int weight;
  private volatile Session session;
  private final Assignment assignment;
  private volatile boolean closing;

  /**
   * The runner set as last seen (on the watch thread): a change that adds none needs no settling.
   */
  private volatile Set<RunnerId> lastRunners = Set.of();

  private volatile boolean closed;
  private Thread loop;

  /** The membership and locks of one incarnation of this runner. */
  private record Session(EtcdMembership membership, RunnerId self, int machineId) {
    ShardLocks locks() {
      return membership.shardLocks();
    }

    Fence fence() {
      return membership.fence();
    }
  }

  /**
   * @param endpoints etcd endpoints, such as {@code http://127.0.0.1:2379}
   * @param address the {@code host:port} other runners reach this one at
   * @param groups the shard groups this runner serves (empty: it only calls)
   * @param machineIds told each machine id leased for this runner (at start and after each rejoin)
   */
  public ShardManager(
      List<String> endpoints,
      ClusterSettings settings,
      EntityRuntime runtime,
      RemoteRunners remote,
      String address,
      int weight,
      Set<String> groups,
      int shardsPerGroup,
      Duration handoverTimeout,
      IntConsumer machineIds) {
    this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    this.settings = settings;
    this.runtime = runtime;
    this.remote = remote;
    this.address = address;
    this.weight = weight;
    this.groups = Set.copyOf(groups);
    this.shardsPerGroup = shardsPerGroup;
    this.handoverTimeout = handoverTimeout;
    this.machineIds = machineIds;
    this.served = new ServedShards(this.groups, shardsPerGroup);
    this.assignment = new Assignment(shardsPerGroup);
    this.wake = new Signal(runtime.scheduler());
    this.settling = new Settling(runtime.scheduler(), Duration.ofMillis(SETTLE_MILLIS));
  }

  /**
   * Joins the cluster and starts taking shards; returns without waiting for them. Blocks for etcd.
   *
   * @throws ClusterException when etcd does not answer in time or refuses
   */
  public void start() {
    session = join();
    assignment.reset();
    loop = Thread.ofPlatform().daemon().name("cruster-shards-" + address).start(this::run);
    signal();
  }

  // ---- Placement

  @Override
  public boolean isLocal(ShardId shard) {
    if (!served.contains(shard)) {
      return false;
    }
    Session s = session;
    return s != null && s.fence().isValid();
  }

  /**
   * Held here (served, or being handed over with its lock still held) and the lease deadline not
   * passed: {@link Fence#isValid()} reads the monotonic clock, so a process resumed after a pause
   * past its deadline runs nothing for its shards before any timer has fired.
   */
  @Override
  public boolean mayRun(ShardId shard) {
    if (!served.contains(shard) && !releasing.contains(shard)) {
      return false;
    }
    Session s = session;
    return s != null && s.fence().isValid();
  }

  @Override
  public Collection<ShardId> servedShards() {
    Session s = session;
    if (s == null || !s.fence().isValid()) {
      return List.of();
    }
    Set<ShardId> served = new HashSet<>(s.locks().owned());
    served.removeAll(releasing);
    return served;
  }

  @Override
  public Optional<String> ownerAddress(ShardId shard) {
    String[] byShard = ownersOf(shard.group());
    String owner = shard.id() < byShard.length ? byShard[shard.id()] : null;
    return owner == null || owner.equals(address) ? Optional.empty() : Optional.of(owner);
  }

  /**
   * Advertises another weight for this runner; every runner recomputes the assignment and the
   * shards move accordingly (0 drains this runner: it hands every shard over and keeps running).
   * Kept across a rejoin. Blocks for one etcd put.
   *
   * @throws ClusterException when etcd does not answer in time or fails
   */
  public void weight(int newWeight) {
    if (newWeight < 0) {
      throw new IllegalArgumentException(
          "weight must be >= 0 (0 drains the runner), was " + newWeight);
    }
    weight = newWeight;
    Session s = session;
    if (s != null) {
      s.membership().updateWeight(newWeight);
    }
  }

  // ---- status

  /** This runner's current incarnation; empty while it rejoins after fencing. */
  public Optional<RunnerId> self() {
    Session s = session;
    return s == null ? Optional.empty() : Optional.of(s.self());
  }

  /** The live runners as last seen in etcd. */
  public Set<RunnerId> runners() {
    Session s = session;
    return s == null ? Set.of() : s.membership().runners();
  }

  /** The shard groups each live runner serves. */
  public Map<String, Set<String>> groupsByRunner() {
    Session s = session;
    Map<String, Set<String>> out = new TreeMap<>();
    if (s != null) {
      s.membership().watch().members().forEach((a, m) -> out.put(a, m.groups()));
    }
    return out;
  }

  /**
   * How many shards each runner should serve by the current assignment, over the groups this runner
   * knows.
   */
  public Map<String, Integer> assignedShards() {
    Map<String, Integer> out = new TreeMap<>();
    Set<String> known = new HashSet<>(groups);
    known.addAll(runtime.groups());
    for (String group : known) {
      for (String owner : ownersOf(group)) {
        if (owner != null) {
          out.merge(owner, 1, Integer::sum);
        }
      }
    }
    return out;
  }

  // ---- lifecycle

  /**
   * Leaves gracefully: advertises weight 0, hands every shard over (up to twice the hand-over
   * timeout in all), then revokes the lease. Blocks. Idempotent.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    Session s = session;
    if (s != null && s.fence().isValid()) {
      try {
        s.membership().updateWeight(0);
      } catch (RuntimeException e) {
        LOG.warn("{}: could not advertise weight 0 before leaving: {}", address, e.getMessage());
      }
    }
    signal();
    if (loop == null) {
      drained.complete(null); // never started: nothing to hand over
    }
    try {
      drained.get(handoverTimeout.multipliedBy(2).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("{}: not every shard was handed over in time; its locks go with the lease", address);
    } catch (Exception e) {
      LOG.warn("{}: hand-over before leaving failed", address, e);
    }
    closed = true;
    signal();
    if (loop != null) {
      try {
        loop.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Session last = session;
    if (last != null) {
      last.membership().close();
    }
    client.close();
  }

  // ---- the loop

  private void run() {
    boolean unsettled = false;
    while (awaitSignal(unsettled ? RETRY_MILLIS : 0)) {
      try {
        Session s = session;
        if (s == null || !s.fence().isValid()) {
          recover(s);
          unsettled = false;
          continue;
        }
        unsettled = !rebalance(s);
        if (closing && s.locks().owned().isEmpty() && unreleased.isEmpty()) {
          drained.complete(null);
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: shard rebalance failed; trying again", address, e);
        unsettled = true;
      }
    }
  }

  /** Moves toward the current assignment; true when nothing is left to do. */
  private boolean rebalance(Session s) {
    ShardLocks locks = s.locks();
    Set<ShardId> desired = closing ? Set.of() : desired();
    Set<ShardId> leave = new HashSet<>(locks.owned());
    leave.removeAll(desired);
    leave.addAll(unreleased);
    if (!leave.isEmpty()) {
      release(locks, leave, handoverTimeout);
    }
    Set<ShardId> want = new HashSet<>(desired);
    want.removeAll(locks.owned());
    Set<ShardId> got = want.isEmpty() || settling.settling() ? Set.of() : acquire(locks, want);
    if (!got.isEmpty()) {
      runtime.refreshSingletons(handoverTimeout);
      runtime.pollSoon();
      remote.topologyChanged(); // calls backing off for these shards run here now
    }
    if (!leave.isEmpty() || !got.isEmpty()) {
      LOG.info(
          "{}: serving {} shards ({} taken, {} handed over{})",
          s.self(),
          locks.owned().size(),
          got.size(),
          leave.size(),
          want.size() > got.size()
              ? ", waiting for " + (want.size() - got.size()) + " still held by others"
              : "");
    }
    return got.size() == want.size() && unreleased.isEmpty();
  }

  private Set<ShardId> desired() {
    Set<ShardId> out = new HashSet<>();
    for (String group : groups) {
      String[] byShard = ownersOf(group);
      for (int i = 0; i < byShard.length; i++) {
        if (address.equals(byShard[i])) {
          out.add(new ShardId(group, i));
        }
      }
    }
    return out;
  }

  /**
   * Stops serving {@code shards}: they turn non-local, their singletons and entities stop, then
   * their locks go.
   */
  private void release(ShardLocks locks, Set<ShardId> shards, Duration grace) {
    releasing.addAll(shards);
    shards.forEach(shard -> served.mark(shard, false));
    Observation handOver = runtime.instrumentation().handOver(shards.size());
    Throwable failure = null;
    try {
      runtime.refreshSingletons(grace);
      int entities = runtime.handOver(shards::contains, grace);
      Batches.inBatches(
          shards,
          batch -> {
            try {
              locks.releaseAll(batch);
              unreleased.removeAll(batch);
              runtime.unfence(batch);
              runtime.instrumentation().shardsMoved(0, batch.size());
            } catch (RuntimeException e) {
              unreleased.addAll(
                  batch); // still ours in etcd: deleted on the next pass, or with the lease
              LOG.warn(
                  "{}: could not delete the locks of {} shards: {}",
                  address,
                  batch.size(),
                  e.getMessage());
            }
          });
      LOG.debug("{}: handed over {} shards, {} entities stopped", address, shards.size(), entities);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      releasing.removeAll(shards);
      handOver.end(failure);
    }
  }

  private Set<ShardId> acquire(ShardLocks locks, Set<ShardId> shards) {
    Set<ShardId> got = ConcurrentHashMap.newKeySet();
    Observation acquisition = runtime.instrumentation().shardAcquisition(shards.size());
    try {
      acquireBatches(locks, shards, got);
    } finally {
      acquisition.end(null);
    }
    return got;
  }

  private void acquireBatches(ShardLocks locks, Set<ShardId> shards, Set<ShardId> got) {
    Batches.inBatches(
        shards,
        batch -> {
          try {
            Set<ShardId> taken = locks.tryAcquireAll(batch);
            try {
              // A new epoch in storage before serving: commits of the previous holder, should it
              // still be running unaware, are refused from now on.
              runtime.fence(taken);
            } catch (RuntimeException e) {
              LOG.warn(
                  "{}: took the locks of {} shards but could not fence them in storage ({});"
                      + " giving them back to try again",
                  address,
                  taken.size(),
                  e.getMessage());
              try {
                locks.releaseAll(List.copyOf(taken));
              } catch (RuntimeException notReleased) {
                unreleased.addAll(taken); // released on the next pass, or with the lease
              }
              return;
            }
            taken.forEach(shard -> served.mark(shard, true));
            got.addAll(taken);
            runtime.instrumentation().shardsMoved(taken.size(), 0);
          } catch (RuntimeException e) {
            LOG.debug(
                "{}: locks of {} shards not taken yet: {}", address, batch.size(), e.getMessage());
          }
        });
  }

  /**
   * After fencing: stop everything at once, leave, and join again as a new incarnation when etcd
   * answers.
   */
  private void recover(Session fenced) {
    if (fenced != null) {
      String reason = fenced.fence().reason().orElse("lease lost");
      LOG.warn(
          "{}: fenced ({}); stopping all {} shards and rejoining as a new incarnation",
          fenced.self(),
          reason,
          fenced.locks().owned().size());
      Set<ShardId> all = new HashSet<>(fenced.locks().owned());
      Duration grace = settings.fenceMargin().dividedBy(2);
      releasing.addAll(all);
      all.forEach(shard -> served.mark(shard, false));
      try {
        runtime.refreshSingletons(grace);
        runtime.handOver(all::contains, grace);
      } finally {
        session = null;
        releasing.removeAll(all);
      }
      unreleased.clear();
      runtime.unfence(all);
      runtime.instrumentation().shardsMoved(0, all.size());
      fenced.membership().close();
    }
    Backoff backoff = new Backoff(REJOIN_BACKOFF_MIN, REJOIN_BACKOFF_MAX);
    while (!closed && !closing) {
      try {
        session = join();
        assignment.reset();
        signal();
        return;
      } catch (RuntimeException e) {
        Duration wait = backoff.next();
        LOG.warn(
            "{}: cannot rejoin the cluster yet ({}); retrying in {} ms",
            address,
            e.getMessage(),
            wait.toMillis());
        awaitSignal(wait.toMillis());
      }
    }
    drained.complete(null); // closing while not joined: nothing to hand over
  }

  private Session join() {
    RunnerId id = RunnerId.create(address, weight);
    EtcdMembership membership =
        EtcdMembership.create(client, settings, new Member(id, groups), this::onRunners);
    membership.start();
    try {
      int machineId = membership.leaseMachineId();
      machineIds.accept(machineId);
      membership.fence().onFenced(reason -> signal());
      LOG.info("{}: joined as machine {}, serving groups {}", id, machineId, groups);
      return new Session(membership, id, machineId);
    } catch (RuntimeException e) {
      membership.close();
      throw e;
    }
  }

  /** The runner set changed (on the watch thread): forget the old assignment and wake the loop. */
  private void onRunners(Set<RunnerId> runners) {
    // Settle after a join only: when runners only left, their shards are taken at once (a runner
    // frozen past its lease has callers waiting on its shards).
    boolean joined = !lastRunners.containsAll(runners);
    lastRunners = Set.copyOf(runners);
    if (joined) {
      settling.changed();
    }
    assignment.reset();
    Set<String> addresses = new HashSet<>();
    Session s = session;
    if (s != null) {
      s.membership().runners().forEach(r -> addresses.add(r.address()));
      remote.runnersChanged(addresses); // calls waiting on a runner that left move on now
      Thread.ofVirtual().start(() -> remote.retainPeers(addresses));
    } else {
      remote.topologyChanged();
    }
    signal();
  }

  private String[] ownersOf(String group) {
    Session s = session;
    return assignment.of(group, s == null ? null : s.membership()::runnersServing);
  }

  // ---- signalling

  private void signal() {
    wake.signal();
  }

  /**
   * Waits for a signal, or {@code millis} if positive (on the runtime's clock); false once closed.
   */
  private boolean awaitSignal(long millis) {
    if (closed) {
      return false;
    }
    if (!wake.await(Duration.ofMillis(millis))) {
      return false; // interrupted
    }
    return !closed;
  }
}
