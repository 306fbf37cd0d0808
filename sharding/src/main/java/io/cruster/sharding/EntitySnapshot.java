package io.cruster.sharding;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entity as an operator looks it up ({@link Cluster#entity}): its committed state read from
 * storage (any runner can answer for any entity), whether it is in memory on the answering runner,
 * and the stored requests still waiting for it. A snapshot; immutable.
 *
 * @param entityType the entity's type name
 * @param entityId the entity's id
 * @param shardGroup the shard group of its type
 * @param shard its shard number in that group
 * @param liveHere whether the entity is in memory on the runner that answered
 * @param version the committed state's version; 0 if nothing was committed yet
 * @param state the committed state, decoded; empty if nothing was committed yet
 * @param traits the committed states of its traits, by trait name
 * @param pending persisted requests for the entity that are not processed yet, oldest first (at
 *     most {@link #MAX_PENDING})
 */
public record EntitySnapshot(
    String entityType,
    String entityId,
    String shardGroup,
    int shard,
    boolean liveHere,
    long version,
    Optional<Object> state,
    Map<String, Object> traits,
    List<PendingRequest> pending) {

  /** The most pending requests a snapshot lists. */
  public static final int MAX_PENDING = 100;

  /** Copies the collections. */
  public EntitySnapshot {
    traits = Map.copyOf(traits);
    pending = List.copyOf(pending);
  }

  /**
   * A persisted request not processed yet.
   *
   * @param requestId its id
   * @param tag its message's tag
   * @param failures failed deliveries so far
   * @param lastError the last failed delivery's error, if any
   * @param createdAt when it was saved
   * @param deliverAt when it is due
   */
  public record PendingRequest(
      String requestId,
      String tag,
      int failures,
      Optional<String> lastError,
      Instant createdAt,
      Instant deliverAt) {}
}
