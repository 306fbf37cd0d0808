package io.cruster.sharding;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who serves each shard, as the answering runner sees it: for every shard group, the owner of each
 * shard by shard number. A snapshot; immutable.
 *
 * @param shardsPerGroup how many shards each group has
 * @param owners by shard group, the owner of shard {@code i} at index {@code i}: a runner's {@code
 *     host:port}, the single node's name, or {@link #UNASSIGNED}
 */
public record ShardMap(int shardsPerGroup, Map<String, List<String>> owners) {

  /** The owner of a shard no live runner holds now (during a rebalance, before the first join). */
  public static final String UNASSIGNED = "";

  /**
   * Copies the map.
   *
   * @throws IllegalArgumentException if a group does not list {@code shardsPerGroup} owners
   */
  public ShardMap {
    Map<String, List<String>> copy = new TreeMap<>();
    owners.forEach(
        (group, list) -> {
          if (list.size() != shardsPerGroup) {
            throw new IllegalArgumentException(
                "shard group "
                    + group
                    + " lists "
                    + list.size()
                    + " owners, expected "
                    + shardsPerGroup);
          }
          copy.put(group, List.copyOf(list));
        });
    owners = java.util.Collections.unmodifiableMap(copy);
  }

  /** How many shards each owner serves, over all groups; unassigned shards under {@code ""}. */
  public Map<String, Integer> countsByOwner() {
    Map<String, Integer> out = new TreeMap<>();
    owners.values().forEach(list -> list.forEach(o -> out.merge(o, 1, Integer::sum)));
    return out;
  }
}
