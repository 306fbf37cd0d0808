package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ShardId;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/** Shard-lock work in batches of {@link ShardLocks#BATCH}, a few batches at a time. */
final class Batches {
  private static final int CONCURRENCY = 8;

  private Batches() {}

  /**
   * Runs {@code action} on batches of at most {@link ShardLocks#BATCH} shards (in shard order),
   * {@value #CONCURRENCY} batches at a time on virtual threads; waits for all.
   */
  static void inBatches(Set<ShardId> shards, Consumer<List<ShardId>> action) {
    List<ShardId> sorted =
        shards.stream()
            .sorted(Comparator.comparing(ShardId::group).thenComparing(ShardId::id))
            .toList();
    Semaphore permits = new Semaphore(CONCURRENCY);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int from = 0; from < sorted.size(); from += ShardLocks.BATCH) {
        List<ShardId> batch =
            sorted.subList(from, Math.min(sorted.size(), from + ShardLocks.BATCH));
        permits.acquireUninterruptibly();
        pool.execute(
            () -> {
              try {
                action.accept(batch);
              } finally {
                permits.release();
              }
            });
      }
    }
  }
}
