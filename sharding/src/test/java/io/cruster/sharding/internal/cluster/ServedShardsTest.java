package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedShardsTest {

  @Test
  void marksEachShardOfEachHostedGroupOnItsOwn() {
    ServedShards served = new ServedShards(Set.of("default", "orders"), 130);
    served.mark(new ShardId("default", 0), true);
    served.mark(new ShardId("default", 63), true);
    served.mark(new ShardId("default", 64), true);
    served.mark(new ShardId("orders", 129), true);
    assertTrue(served.contains(new ShardId("default", 0)));
    assertTrue(served.contains(new ShardId("default", 63)));
    assertTrue(served.contains(new ShardId("default", 64)));
    assertFalse(served.contains(new ShardId("default", 1)));
    assertFalse(served.contains(new ShardId("default", 129)));
    assertTrue(served.contains(new ShardId("orders", 129)));
    served.mark(new ShardId("default", 63), false);
    assertFalse(served.contains(new ShardId("default", 63)));
    assertTrue(served.contains(new ShardId("default", 64)), "its neighbour in the same word stays");
  }

  @Test
  void shardsOfOtherGroupsOrBeyondTheGroupAreNeverServed() {
    ServedShards served = new ServedShards(Set.of("default"), 64);
    served.mark(new ShardId("elsewhere", 3), true);
    assertFalse(served.contains(new ShardId("elsewhere", 3)));
    assertFalse(served.contains(new ShardId("default", 64)));
    assertFalse(served.contains(new ShardId("default", 5000)));
  }
}
