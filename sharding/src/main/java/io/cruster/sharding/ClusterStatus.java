package io.cruster.sharding;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an operator asks a runner first: who is in the cluster, how the shards are spread, what this
 * runner holds in memory, and which requests are dead-lettered. A snapshot; immutable.
 *
 * @param runner this runner: {@code host:port/incarnation}, or {@code host:port (rejoining)} while
 *     it rejoins after being fenced
 * @param runners the live runners as this runner sees them, by address
 * @param servedShards the shards this runner serves now
 * @param liveEntities entities in memory on this runner, by entity type
 * @param queuedDeliveries requests queued at the entities of this runner (the depth of their
 *     mailboxes)
 * @param singletons the singletons running on this runner
 * @param deadLetters the oldest dead-lettered requests of the cluster (at most 20)
 */
public record ClusterStatus(
    String runner,
    List<Runner> runners,
    int servedShards,
    Map<String, Integer> liveEntities,
    long queuedDeliveries,
    Set<String> singletons,
    List<DeadLetteredRequest> deadLetters) {

  /**
   * One live runner.
   *
   * @param address its {@code host:port}
   * @param incarnation the id of its current start
   * @param weight its share of shards (0: draining)
   * @param groups the shard groups it serves
   * @param assignedShards how many shards the current assignment gives it
   */
  public record Runner(
      String address, String incarnation, int weight, Set<String> groups, int assignedShards) {}

  public ClusterStatus {
    runners = List.copyOf(runners);
    liveEntities = Map.copyOf(liveEntities);
    singletons = Set.copyOf(singletons);
    deadLetters = List.copyOf(deadLetters);
  }

  /** A plain-text report, one fact a line, for a terminal or an admin endpoint. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("runner ")
        .append(runner)
        .append(": serving ")
        .append(servedShards)
        .append(" shards, ")
        .append(queuedDeliveries)
        .append(" queued deliveries\n");
    b.append("runners (").append(runners.size()).append("):\n");
    for (Runner r : runners) {
      b.append("  ")
          .append(r.address())
          .append(' ')
          .append(r.incarnation())
          .append(" weight ")
          .append(r.weight())
          .append(" groups ")
          .append(String.join(",", new java.util.TreeSet<>(r.groups())))
          .append(" assigned ")
          .append(r.assignedShards())
          .append('\n');
    }
    b.append("live entities:\n");
    new java.util.TreeMap<>(liveEntities)
        .forEach((type, n) -> b.append("  ").append(type).append(' ').append(n).append('\n'));
    b.append("singletons here: ")
        .append(
            singletons.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(singletons)))
        .append('\n');
    b.append("dead letters (oldest ").append(deadLetters.size()).append("):\n");
    for (DeadLetteredRequest d : deadLetters) {
      b.append("  ")
          .append(d.requestId())
          .append(' ')
          .append(d.entityType())
          .append('/')
          .append(d.entityId())
          .append(' ')
          .append(d.tag())
          .append(" after ")
          .append(d.failures())
          .append(" failures: ")
          .append(d.lastError())
          .append('\n');
    }
    return b.toString();
  }
}
