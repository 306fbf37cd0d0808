package io.cruster.sharding;

/**
 * What hosts entities: a {@code TestCluster} in tests, a {@link SingleRunner} on one node, a
 * sharded cluster across many. Code written against this interface runs unchanged on each.
 * Thread-safe.
 */
public interface Cluster extends AutoCloseable {

  /**
   * Registers an entity type and returns a client for it.
   *
   * @throws IllegalStateException if a different type with the same name is registered
   */
  EntityClient register(EntityType<?> type);

  /**
   * A client for a registered entity type.
   *
   * @throws UnknownEntityTypeException if the type was not registered
   */
  EntityClient client(EntityType<?> type);

  /**
   * Runs {@code body} on exactly one node of the cluster, restarting it with backoff when it fails,
   * until the cluster closes ({@link SingletonContext#isActive()} turns false; the body should then
   * return).
   */
  void singleton(String name, Singleton body);

  /**
   * The workflow executions of the cluster: find, list, follow, cancel, retry and restart them from
   * this node. Never blocks; the methods of what it returns block on storage.
   */
  Workflows workflows();

  /** The oldest dead-lettered requests, at most {@code limit}. Blocks on storage. */
  java.util.List<DeadLetteredRequest> deadLetters(int limit);

  /**
   * Delivers a dead-lettered request again, with its failure count reset; returns false if no such
   * request is dead-lettered. Blocks on storage.
   */
  boolean redrive(String requestId);

  /**
   * How this node is doing: UP, DEGRADED or DOWN, with a check per part (the node itself, its
   * storage, and in a sharded cluster its etcd lease and the shards it holds vs those assigned to
   * it). Blocks for one storage round trip.
   */
  Health health();

  /**
   * What this node knows of the cluster now: runners, shard spread, its live entities, singletons
   * running here and the oldest dead letters. For operators and consoles. Blocks for one storage
   * query (the dead letters).
   */
  ClusterStatus status();

  /**
   * Who serves each shard of the registered entity types' groups, as this node sees it. For
   * operators and consoles. Never blocks.
   */
  ShardMap shardMap();

  /**
   * One entity as stored: its committed state decoded, whether it is in memory on this node, and
   * its persisted requests not processed yet. Any node answers for any entity of a type registered
   * on it; the entity is not activated. For operators and consoles. Blocks on storage.
   *
   * @throws UnknownEntityTypeException if no type of that name is registered on this node
   * @throws IllegalArgumentException if {@code entityId} is blank
   * @throws io.cruster.actors.SerializationException if the stored state does not decode
   */
  EntitySnapshot entity(String entityType, String entityId);

  /**
   * Stops the cluster node: stops accepting calls, lets running handlers finish, closes storage it
   * owns.
   */
  @Override
  void close();
}
