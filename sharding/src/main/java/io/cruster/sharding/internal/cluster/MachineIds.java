package io.cruster.sharding.internal.cluster;

import static io.cruster.sharding.internal.cluster.Etcd.bytes;
import static io.cruster.sharding.internal.cluster.Etcd.text;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Machine ids for snowflake ids, leased from etcd: key {@code <prefix>/machines/<n>} for {@code n}
 * in {@code [0, }{@value #COUNT}{@code )}, created only if absent, bound to the runner's lease,
 * valued with its {@link RunnerId#lockValue()}. Two live runners never hold the same id; a dead
 * runner's id frees itself with its lease. Stateless apart from its arguments; {@link #lease}
 * blocks for etcd round trips.
 */
final class MachineIds {
  /** How many machine ids there are: 10 bits of a snowflake. */
  static final int COUNT = 1024;

  private MachineIds() {}

  /**
   * Takes a free machine id for {@code self}, trying the ids in order from a random one.
   *
   * @throws ClusterException when etcd fails, or all {@value #COUNT} ids are taken
   */
  static int lease(KV kv, ClusterSettings settings, RunnerId self, long leaseId) {
    ByteSequence value = bytes(self.lockValue());
    int first = ThreadLocalRandom.current().nextInt(COUNT);
    for (int i = 0; i < COUNT; i++) {
      int n = (first + i) % COUNT;
      ByteSequence key = bytes(settings.keyPrefix() + "/machines/" + n);
      TxnResponse r =
          Etcd.await(
              kv.txn()
                  .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                  .Then(Op.put(key, value, PutOption.builder().withLeaseId(leaseId).build()))
                  .Else(Op.get(key, GetOption.DEFAULT))
                  .commit(),
              settings.requestTimeout(),
              "lease of machine id " + n);
      if (r.isSucceeded() || heldBy(r, value)) {
        return n;
      }
    }
    throw new ClusterException(
        "all "
            + COUNT
            + " machine ids under "
            + settings.keyPrefix()
            + "/machines/ are taken by live "
            + "runners",
        null,
        true);
  }

  private static boolean heldBy(TxnResponse r, ByteSequence value) {
    var kvs =
        r.getGetResponses().isEmpty()
            ? java.util.List.<io.etcd.jetcd.KeyValue>of()
            : r.getGetResponses().get(0).getKvs();
    return kvs.size() == 1 && text(kvs.get(0).getValue()).equals(text(value));
  }
}
