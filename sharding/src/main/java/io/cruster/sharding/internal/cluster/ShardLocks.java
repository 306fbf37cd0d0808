package io.cruster.sharding.internal.cluster;

import static io.cruster.sharding.internal.cluster.Etcd.bytes;
import static io.cruster.sharding.internal.cluster.Etcd.text;

import io.cruster.actors.ShardId;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shard locks of one runner incarnation: keys {@code <prefix>/shards/<group>/<id>} bound to its
 * lease, whose value is {@link RunnerId#lockValue() address/incarnation}.
 *
 * <p>{@link #tryAcquire} is one transaction: {@code if create_revision(key) == 0 then put(key,
 * value, lease) else get(key)}: it creates the key only if nobody holds it. A key already holding
 * our own value under our own lease counts as acquired, so retrying after a timeout (outcome
 * unknown) is safe. A key left by a dead predecessor on the same address holds another incarnation,
 * so it is not ours: it vanishes with the predecessor's lease, and only then can this incarnation
 * acquire the shard. {@link #release} deletes the key only if it still holds our value.
 *
 * <p>A lock alone does not permit serving: {@link #canServe} also asks the {@link Fence}, since
 * locks held in etcd outlive the moment this runner must stop. Thread-safe; {@code tryAcquire} and
 * {@code release} block for one etcd transaction, bounded by the request timeout; the queries never
 * block.
 */
public final class ShardLocks {
  private final KV kv;
  private final ClusterSettings settings;
  private final long leaseId;
  private final Fence fence;
  private final ByteSequence value;
  private final Set<ShardId> owned = ConcurrentHashMap.newKeySet();

  /** The most shards {@link #tryAcquireAll} and {@link #releaseAll} take at once. */
  public static final int BATCH = 64;

  ShardLocks(KV kv, ClusterSettings settings, RunnerId self, long leaseId, Fence fence) {
    this.kv = kv;
    this.settings = settings;
    this.leaseId = leaseId;
    this.fence = fence;
    this.value = bytes(self.lockValue());
  }

  /**
   * Locks {@code shard} for this incarnation unless another holds it.
   *
   * @return true when this incarnation holds the lock (newly or already) and is not fenced
   * @throws ClusterException when etcd fails or does not answer in time (retryable: the call is
   *     idempotent)
   */
  public boolean tryAcquire(ShardId shard) {
    if (!fence.isValid()) {
      return false;
    }
    ByteSequence key = bytes(settings.shardKey(shard));
    TxnResponse response =
        Etcd.await(
            kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, value, PutOption.builder().withLeaseId(leaseId).build()))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit(),
            settings.requestTimeout(),
            "lock of shard " + shard);
    boolean ours = response.isSucceeded() || heldByUs(response);
    if (ours) {
      owned.add(shard);
    }
    return ours && fence.isValid();
  }

  /**
   * Locks all of {@code shards} in one transaction if none is held ({@code create_revision == 0}
   * for each, then a put of each); when one is held, tries each on its own ({@link #tryAcquire}).
   * One round trip in the common case of free shards (a start, a failover). At most {@value #BATCH}
   * shards, etcd's default limit per transaction being 128 operations of each kind.
   *
   * @return the shards this incarnation holds now among {@code shards} (empty when fenced)
   * @throws ClusterException when etcd fails or does not answer in time (retryable: idempotent)
   */
  public Set<ShardId> tryAcquireAll(List<ShardId> shards) {
    if (shards.size() > BATCH) {
      throw new IllegalArgumentException(
          "at most " + BATCH + " shards per batch, got " + shards.size());
    }
    if (!fence.isValid() || shards.isEmpty()) {
      return Set.of();
    }
    List<Cmp> free = new ArrayList<>();
    List<Op> puts = new ArrayList<>();
    for (ShardId shard : shards) {
      ByteSequence key = bytes(settings.shardKey(shard));
      free.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
      puts.add(Op.put(key, value, PutOption.builder().withLeaseId(leaseId).build()));
    }
    TxnResponse response =
        Etcd.await(
            kv.txn().If(free.toArray(Cmp[]::new)).Then(puts.toArray(Op[]::new)).commit(),
            settings.requestTimeout(),
            "lock of " + shards.size() + " shards from " + shards.get(0));
    Set<ShardId> ours = new HashSet<>();
    if (response.isSucceeded()) {
      owned.addAll(shards);
      ours.addAll(shards);
    } else {
      for (ShardId shard : shards) {
        if (tryAcquire(shard)) {
          ours.add(shard);
        }
      }
    }
    return fence.isValid() ? ours : Set.of();
  }

  /**
   * Releases all of {@code shards} in one transaction when all still hold our value, else each on
   * its own ({@link #release}). At most {@value #BATCH} shards.
   *
   * @throws ClusterException when etcd fails or does not answer in time (retryable: idempotent)
   */
  public void releaseAll(List<ShardId> shards) {
    if (shards.size() > BATCH) {
      throw new IllegalArgumentException(
          "at most " + BATCH + " shards per batch, got " + shards.size());
    }
    if (shards.isEmpty()) {
      return;
    }
    owned.removeAll(shards);
    List<Cmp> mine = new ArrayList<>();
    List<Op> deletes = new ArrayList<>();
    for (ShardId shard : shards) {
      ByteSequence key = bytes(settings.shardKey(shard));
      mine.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(value)));
      deletes.add(Op.delete(key, DeleteOption.DEFAULT));
    }
    TxnResponse response =
        Etcd.await(
            kv.txn().If(mine.toArray(Cmp[]::new)).Then(deletes.toArray(Op[]::new)).commit(),
            settings.requestTimeout(),
            "release of " + shards.size() + " shards from " + shards.get(0));
    if (!response.isSucceeded()) {
      for (ShardId shard : shards) {
        release(shard);
      }
    }
  }

  /**
   * Stops counting {@code shard} as owned and deletes its lock if it still holds our value. Callers
   * stop serving the shard first.
   *
   * @throws ClusterException when etcd fails or does not answer in time (retryable: the call is
   *     idempotent)
   */
  public void release(ShardId shard) {
    owned.remove(shard);
    ByteSequence key = bytes(settings.shardKey(shard));
    Etcd.await(
        kv.txn()
            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(value)))
            .Then(Op.delete(key, DeleteOption.DEFAULT))
            .commit(),
        settings.requestTimeout(),
        "release of shard " + shard);
  }

  /**
   * The shards this incarnation has locked and not released, as far as it knows: a snapshot. Once
   * the fence is invalid the locks may be gone on the server; see {@link #canServe}.
   */
  public Set<ShardId> owned() {
    return Set.copyOf(owned);
  }

  /** Whether this runner may serve {@code shard} now: it holds the lock and is not fenced. */
  public boolean canServe(ShardId shard) {
    return owned.contains(shard) && fence.isValid();
  }

  private boolean heldByUs(TxnResponse response) {
    List<KeyValue> current =
        response.getGetResponses().isEmpty()
            ? List.of()
            : response.getGetResponses().get(0).getKvs();
    return current.size() == 1
        && current.get(0).getLease() == leaseId
        && text(current.get(0).getValue()).equals(text(value));
  }
}
