package io.cruster.persistence.spi;

import io.cruster.actors.ShardId;

/**
 * Proof that a runner holds a shard: the shard and the epoch of the acquisition that gave it to the
 * runner, as {@link Storage#fenceShards} returned it. A {@link Commit} that carries a token is
 * refused with {@link io.cruster.persistence.FencedException} once the shard has a newer epoch, so
 * a runner that lost the shard (paused past its lease, partitioned away) cannot commit for it,
 * whatever its clock says. Immutable and thread-safe.
 *
 * @param shard the shard
 * @param epoch the acquisition's epoch, at least 1; a later acquisition has a greater one
 */
public record FencingToken(ShardId shard, long epoch) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when {@code shard} is null
   * @throws IllegalArgumentException when {@code epoch} is below 1
   */
  public FencingToken {
    Checks.nonNull(shard, "FencingToken", "shard");
    if (epoch < 1) {
      throw new IllegalArgumentException(
          "FencingToken.epoch must be at least 1, was " + epoch + " (shard " + shard + ")");
    }
  }

  /** {@code default/17@12}. */
  @Override
  public String toString() {
    return shard.group() + "/" + shard.id() + "@" + epoch;
  }
}
