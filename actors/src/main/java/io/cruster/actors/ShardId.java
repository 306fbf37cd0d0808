package io.cruster.actors;

/**
 * One shard of a shard group: entities of the group are spread over its shards by a stable hash of
 * their id. Immutable and thread-safe.
 *
 * @param group the name of the shard group, such as {@code default}; not blank
 * @param id the number of the shard within its group, from 0
 */
public record ShardId(String group, int id) {

  /**
   * Checks both parts. Never blocks.
   *
   * @throws IllegalArgumentException when {@code group} is null or blank or {@code id} is negative;
   *     the message names the field
   */
  public ShardId {
    EntityAddress.requireNonBlank(group, "group");
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
  }

  /** {@code group + ":" + id}, such as {@code default:17}. */
  @Override
  public String toString() {
    return group + ":" + id;
  }
}
