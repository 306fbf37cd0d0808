/**
 * Cluster membership and shard ownership on etcd: runner identities ({@link
 * io.cruster.sharding.internal.cluster.RunnerId}), weighted rendezvous hashing of shards to runners
 * ({@link io.cruster.sharding.internal.cluster.Rendezvous}), the runner registry with its lease and
 * watch ({@link io.cruster.sharding.internal.cluster.EtcdMembership}), shard locks bound to that
 * lease ({@link io.cruster.sharding.internal.cluster.ShardLocks}) and self-fencing by local
 * deadline ({@link io.cruster.sharding.internal.cluster.Fence}).
 *
 * <p>Key layout under a configurable prefix (default {@code /cruster}):
 *
 * <pre>
 *   &lt;prefix&gt;/runners/&lt;host:port&gt;       one per live runner, bound to its lease; value: {@link
 *                                       io.cruster.sharding.internal.cluster.Member#encode()}
 *   &lt;prefix&gt;/shards/&lt;group&gt;/&lt;id&gt;      one per locked shard, bound to the owner's lease; value:
 *                                       {@code <host:port>/<incarnation>} of the owner
 * </pre>
 *
 * <p>Internal: not for use outside Cruster. jetcd types appear only in this package.
 */
package io.cruster.sharding.internal.cluster;
