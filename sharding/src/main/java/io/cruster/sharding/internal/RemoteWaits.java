package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.sharding.ShardUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Replies other runners wait for, of requests they saved and forwarded here because this runner
 * serves the request's shard. When the shard leaves before the request ran, the sender is told
 * ({@link ShardMovedException}) and tries the new owner. Thread-safe.
 */
final class RemoteWaits {
  /** A runner waiting here for the reply of a request whose entity lives in {@code shard}. */
  private record Wait(ShardId shard, CompletableFuture<ReplyRecord> reply) {}

  private final Map<String, Wait> waits = new ConcurrentHashMap<>();

  /** The future reply of a forwarded request (one per request, however often it is forwarded). */
  CompletableFuture<ReplyRecord> register(RequestState state) {
    return waits
        .computeIfAbsent(
            state.request().requestId(),
            id -> new Wait(state.request().shard(), new CompletableFuture<>()))
        .reply();
  }

  void complete(ReplyRecord reply) {
    Wait w = waits.remove(reply.requestId());
    if (w != null) {
      w.reply().complete(reply);
    }
  }

  void fail(String requestId, RuntimeException error) {
    Wait w = waits.remove(requestId);
    if (w != null) {
      w.reply().completeExceptionally(error);
    }
  }

  /**
   * The shards {@code left} selects are no longer served here: their senders try the new owners.
   */
  void shardsLeft(Predicate<ShardId> left) {
    waits.forEach(
        (id, w) -> {
          if (left.test(w.shard())) {
            fail(id, new ShardMovedException(w.shard()));
          }
        });
  }

  void close() {
    waits
        .values()
        .forEach(
            w ->
                w.reply()
                    .completeExceptionally(new ShardUnavailableException("the runner is closing")));
  }
}
