package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins the rendezvous function with fixed vectors (cross-checked against an independent Python
 * implementation of the formula in {@link Rendezvous}'s comment) and checks its balance and
 * minimal-movement properties.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RendezvousTest {
  private static final RunnerId A = new RunnerId("10.0.0.1:7000", "a", 1);
  private static final RunnerId B = new RunnerId("10.0.0.2:7000", "b", 1);
  private static final RunnerId C = new RunnerId("10.0.0.3:7000", "c", 1);
  private static final RunnerId D = new RunnerId("10.0.0.4:7000", "d", 1);

  @Test
  void hashAndMixMatchTheDocumentedVectors() {
    assertEquals(0xcbf29ce484222325L, Rendezvous.hash64(""));
    assertEquals(0xaf63dc4c8601ec8cL, Rendezvous.hash64("a"));
    assertEquals(0x6277bdcc1624c9f4L, Rendezvous.hash64("default:0"));
    assertEquals(0x359bb2cb2955c61aL, Rendezvous.hash64("ordres-é:3"));
    assertEquals(0L, Rendezvous.mix64(0));
    assertEquals(0x5692161d100b05e5L, Rendezvous.mix64(1));
  }

  @Test
  void scoresMatchTheDocumentedVectors() {
    assertEquals(0x028b308b81ae9d11L, Rendezvous.score(new ShardId("default", 0), A));
    assertEquals(0x54d6abe819d69830L, Rendezvous.score(new ShardId("orders", 5), B));
    assertEquals(0.21684664211197613, Rendezvous.weighted(0x028b308b81ae9d11L, 1));
  }

  @Test
  void ownersMatchTheDocumentedVectors() {
    List<RunnerId> equal = List.of(A, B, C);
    List<RunnerId> weighted = List.of(A.withWeight(1), B.withWeight(3), C.withWeight(0));
    // shard, owner among A B C (weights 1 1 1), owner among A B C (weights 1 3 0)
    Object[][] vectors = {
      {"default", 0, B, B}, {"default", 1, C, A}, {"default", 2, B, B}, {"default", 3, A, A},
      {"default", 4, C, B}, {"default", 5, A, A}, {"default", 6, B, B}, {"default", 7, B, B},
      {"orders", 0, B, B}, {"default", 1023, B, B},
    };
    for (Object[] v : vectors) {
      ShardId shard = new ShardId((String) v[0], (Integer) v[1]);
      assertEquals(
          address(v[2]), Rendezvous.owner(shard, equal).map(RunnerId::address), "equal " + shard);
      assertEquals(
          address(v[3]),
          Rendezvous.owner(shard, weighted).map(RunnerId::address),
          "weighted " + shard);
    }
  }

  @Test
  void threeEqualRunnersEachGetAThirdWithinTenPercent() {
    Map<RunnerId, Long> counts = countByOwner(Rendezvous.assign(shards(2048), List.of(A, B, C)));
    assertEquals(3, counts.size());
    for (long count : counts.values()) {
      assertTrue(Math.abs(count - 2048 / 3.0) <= 2048 / 3.0 * 0.10, "counts " + counts);
    }
  }

  @Test
  void aFourthRunnerTakesAboutAQuarterAndOnlyShardsMoveToIt() {
    Map<ShardId, RunnerId> before = Rendezvous.assign(shards(2048), List.of(A, B, C));
    Map<ShardId, RunnerId> after = Rendezvous.assign(shards(2048), List.of(A, B, C, D));
    List<ShardId> moved = moved(before, after);
    assertTrue(
        moved.stream().allMatch(s -> after.get(s).equals(D)), "a shard moved between old runners");
    assertTrue(Math.abs(moved.size() - 512) <= 512 * 0.10, "moved " + moved.size());
  }

  @Test
  void removingARunnerMovesOnlyItsShards() {
    Map<ShardId, RunnerId> before = Rendezvous.assign(shards(2048), List.of(A, B, C));
    Map<ShardId, RunnerId> after = Rendezvous.assign(shards(2048), List.of(A, B));
    List<ShardId> moved = moved(before, after);
    assertTrue(moved.stream().allMatch(s -> before.get(s).equals(C)));
    assertEquals(before.values().stream().filter(C::equals).count(), moved.size());
  }

  @Test
  void drainingARunnerMovesOnlyItsShardsAndLeavesItNone() {
    Map<ShardId, RunnerId> before = Rendezvous.assign(shards(2048), List.of(A, B, C));
    Map<ShardId, RunnerId> after = Rendezvous.assign(shards(2048), List.of(A, B, C.withWeight(0)));
    assertTrue(moved(before, after).stream().allMatch(s -> before.get(s).equals(C)));
    assertTrue(after.values().stream().noneMatch(r -> r.address().equals(C.address())));
    assertEquals(2048, after.size());
  }

  @Test
  void weightsSkewTheShareProportionally() {
    Map<RunnerId, Long> counts =
        countByOwner(
            Rendezvous.assign(
                shards(6000), List.of(A.withWeight(1), B.withWeight(2), C.withWeight(3))));
    for (Map.Entry<RunnerId, Long> e : counts.entrySet()) {
      double expected = 6000.0 * e.getKey().weight() / 6;
      assertTrue(Math.abs(e.getValue() - expected) <= expected * 0.10, "counts " + counts);
    }
  }

  @Test
  void noShardHasAnOwnerWhenEveryRunnerIsDrainedOrNoneIsLive() {
    assertTrue(Rendezvous.assign(shards(64), List.of(A.withWeight(0), B.withWeight(0))).isEmpty());
    assertEquals(Optional.empty(), Rendezvous.owner(new ShardId("default", 1), List.of()));
  }

  @Test
  void ownerDependsOnTheAddressNotTheIncarnationNorTheOrder() {
    List<RunnerId> restarted = List.of(C, RunnerId.create(A.address(), 1), B);
    assertEquals(
        Rendezvous.assign(shards(256), List.of(A, B, C)).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().address())),
        Rendezvous.assign(shards(256), restarted).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().address())));
  }

  private static Optional<String> address(Object runner) {
    return Optional.of(((RunnerId) runner).address());
  }

  private static List<ShardId> shards(int count) {
    return IntStream.range(0, count).mapToObj(i -> new ShardId("default", i)).toList();
  }

  private static Map<RunnerId, Long> countByOwner(Map<ShardId, RunnerId> owners) {
    return owners.values().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static List<ShardId> moved(Map<ShardId, RunnerId> before, Map<ShardId, RunnerId> after) {
    List<ShardId> moved = new ArrayList<>();
    before.forEach(
        (shard, owner) -> {
          if (!owner
              .address()
              .equals(after.get(shard) == null ? null : after.get(shard).address())) {
            moved.add(shard);
          }
        });
    return moved;
  }
}
