package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weighted rendezvous (highest random weight) hashing of shards to runners. Stateless, thread-safe,
 * never blocks. Every JVM, and any port to another language, must route identically, so the
 * function is spelled out here and pinned by test vectors ({@code RendezvousTest}):
 *
 * <pre>
 *   hash64(s)       = FNV-1a 64 over the UTF-8 bytes of s
 *                     (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
 *   mix64(z)        = the SplitMix64 finalizer:
 *                     z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9
 *                     z = (z ^ (z >>> 27)) * 0x94d049bb133111eb
 *                     z =  z ^ (z >>> 31)                         (64-bit wrapping arithmetic)
 *   shardKey        = mix64(hash64(group + ":" + id))             e.g. "default:17"
 *   runnerKey       = mix64(hash64(address))                      e.g. "10.0.0.7:7000"
 *   score           = mix64(shardKey ^ runnerKey)                 a uniform 64-bit value
 *   u               = ((score >>> 11) + 0.5) / 2^53               uniform in (0, 1), exact in a double
 *   weighted        = -weight / ln(u)                             ln = StrictMath.log (fdlibm)
 *   owner(shard)    = the runner with weight > 0 and the highest weighted score; ties go to the higher
 *                     unsigned score, then to the lexicographically smaller address
 * </pre>
 *
 * <p>{@code -w / ln(u)} is the standard weighted form: a runner of weight {@code w} wins a shard
 * with probability {@code w / sum(weights)}, and a join or leave moves only the shards that the
 * joining runner wins or the leaving runner held. Weight 0 drains a runner; if every runner has
 * weight 0 no shard has an owner. When all weights are equal the owner depends only on the integer
 * {@code score} (the map from {@code u} to the weighted score is increasing and ties fall back to
 * {@code score}), so floating point plays no part in the common case. The incarnation is not
 * hashed: a runner restarted on the same address gets the same shards back.
 */
public final class Rendezvous {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  private Rendezvous() {}

  /**
   * The owner of {@code shard} among {@code runners}; empty when no runner has a weight above 0.
   */
  public static Optional<RunnerId> owner(ShardId shard, Collection<RunnerId> runners) {
    return Optional.ofNullable(pick(shardKey(shard), Candidates.of(runners)));
  }

  /**
   * The owner of each shard among {@code runners}, in the iteration order of {@code shards}; a
   * shard without owner (every runner drained, or none) is left out.
   */
  public static Map<ShardId, RunnerId> assign(
      Collection<ShardId> shards, Collection<RunnerId> runners) {
    Candidates candidates = Candidates.of(runners);
    Map<ShardId, RunnerId> owners = new LinkedHashMap<>();
    for (ShardId shard : shards) {
      RunnerId owner = pick(shardKey(shard), candidates);
      if (owner != null) {
        owners.put(shard, owner);
      }
    }
    return owners;
  }

  /** The unweighted 64-bit score of {@code shard} on {@code runner} (see the class comment). */
  static long score(ShardId shard, RunnerId runner) {
    return mix64(shardKey(shard) ^ runnerKey(runner.address()));
  }

  /** {@code -weight / ln(u)} with {@code u = ((score >>> 11) + 0.5) / 2^53}; 0 for weight 0. */
  static double weighted(long score, int weight) {
    if (weight == 0) {
      return 0;
    }
    double u = ((score >>> 11) + 0.5) * TWO_POW_MINUS_53;
    return -weight / StrictMath.log(u);
  }

  /** FNV-1a 64 of the UTF-8 bytes of {@code text}. */
  static long hash64(String text) {
    long hash = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mix with full avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long shardKey(ShardId shard) {
    return mix64(hash64(shard.group() + ":" + shard.id()));
  }

  static long runnerKey(String address) {
    return mix64(hash64(address));
  }

  private static RunnerId pick(long shardKey, Candidates candidates) {
    RunnerId best = null;
    double bestWeighted = 0;
    long bestScore = 0;
    for (int i = 0; i < candidates.runners.size(); i++) {
      RunnerId runner = candidates.runners.get(i);
      long score = mix64(shardKey ^ candidates.keys[i]);
      double weighted = weighted(score, runner.weight());
      if (best == null
          || weighted > bestWeighted
          || (weighted == bestWeighted && beats(score, runner, bestScore, best))) {
        best = runner;
        bestWeighted = weighted;
        bestScore = score;
      }
    }
    return best;
  }

  private static boolean beats(long score, RunnerId runner, long bestScore, RunnerId best) {
    int byScore = Long.compareUnsigned(score, bestScore);
    return byScore > 0 || (byScore == 0 && runner.address().compareTo(best.address()) < 0);
  }

  /** The runners with weight above 0 and their precomputed keys. */
  private record Candidates(List<RunnerId> runners, long[] keys) {
    static Candidates of(Collection<RunnerId> all) {
      List<RunnerId> runners = all.stream().filter(r -> r.weight() > 0).toList();
      long[] keys = new long[runners.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = runnerKey(runners.get(i).address());
      }
      return new Candidates(runners, keys);
    }
  }
}
