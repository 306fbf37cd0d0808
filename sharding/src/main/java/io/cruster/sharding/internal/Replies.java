package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.internal.Dispatcher;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.CallTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The callers on this node waiting for replies of durable requests: one future per request, the
 * result objects of requests run here (handed over as they are instead of decoding the stored
 * bytes), and the requests whose reply must be read from storage because they ran elsewhere and the
 * answer did not come back ({@link #readFromStorage}, re-checked on each poll). Thread-safe.
 */
final class Replies {
  private static final Object NULL_RESULT = new Object();

  private final Storage storage;
  private final Map<String, CompletableFuture<ReplyRecord>> waiting = new ConcurrentHashMap<>();
  private final Map<String, Object> localResults = new ConcurrentHashMap<>();
  private final Set<String> awaitingStorage = ConcurrentHashMap.newKeySet();

  Replies(Storage storage) {
    this.storage = storage;
  }

  /** The future of a caller of request {@code requestId}, made on first use. */
  CompletableFuture<ReplyRecord> expect(String requestId) {
    return waiting.computeIfAbsent(requestId, i -> new CompletableFuture<>());
  }

  /** Whether a caller here waits for the reply of {@code requestId}. */
  boolean expected(String requestId) {
    return waiting.containsKey(requestId);
  }

  /** The caller no longer waits (its request was a duplicate, or could not be saved). */
  void forget(String requestId) {
    waiting.remove(requestId);
  }

  /** The request runs elsewhere: its reply will be read from storage. */
  void readFromStorage(String requestId) {
    if (waiting.containsKey(requestId)) {
      awaitingStorage.add(requestId);
    }
  }

  /** A reply was stored; a local caller gets {@code result} as it is when the request ran here. */
  void complete(ReplyRecord reply, Object result, boolean ranHere) {
    if (ranHere && !reply.failure() && waiting.containsKey(reply.requestId())) {
      localResults.put(reply.requestId(), result == null ? NULL_RESULT : result);
    }
    CompletableFuture<ReplyRecord> f = waiting.remove(reply.requestId());
    if (f != null) {
      f.complete(reply);
    } else {
      localResults.remove(reply.requestId());
    }
  }

  void fail(String requestId, Throwable error) {
    CompletableFuture<ReplyRecord> f = waiting.remove(requestId);
    if (f != null) {
      f.completeExceptionally(error);
    }
  }

  /**
   * The future reply of an earlier request (a duplicate's), decoded; completed at once if it is
   * stored already.
   */
  CompletableFuture<Object> ofStored(RegisteredType t, String requestId, String tag) {
    CompletableFuture<ReplyRecord> f = expect(requestId);
    // Registered first, then checked: a reply stored in between is not missed.
    storage
        .messages()
        .find(requestId)
        .flatMap(RequestState::reply)
        .ifPresent(
            r -> {
              waiting.remove(requestId, f);
              f.complete(r);
            });
    return decode(t, tag, f);
  }

  /** {@code f}'s reply as the caller sees it: the result, or the handler's failure thrown. */
  CompletableFuture<Object> decode(RegisteredType t, String tag, CompletableFuture<ReplyRecord> f) {
    String context = t.name() + " " + tag;
    return f.thenApply(
        r -> {
          if (r.failure()) {
            throw Failures.exception(context, t.model().serializer(), r.payload());
          }
          Object local = localResults.remove(r.requestId());
          if (local != null) {
            return local == NULL_RESULT ? null : local;
          }
          return t.model().serializer().fromBytes(r.payload());
        });
  }

  /**
   * Reads the replies of requests that ran elsewhere for the callers waiting here; at most {@code
   * limit}. A stored reply goes to {@code onStored}; {@code deadLettered} makes the exception of a
   * request that will never run.
   */
  void checkStored(
      int limit,
      Consumer<ReplyRecord> onStored,
      Function<RequestState, RuntimeException> deadLettered) {
    int checked = 0;
    for (String id : awaitingStorage) {
      if (checked++ >= limit) {
        return;
      }
      if (!waiting.containsKey(id)) {
        awaitingStorage.remove(id); // the caller gave up or was answered otherwise
        continue;
      }
      Optional<RequestState> s = storage.messages().find(id);
      if (s.isEmpty()) {
        awaitingStorage.remove(id);
        fail(id, new CrusterException("request " + id + " is no longer stored (purged)"));
      } else if (s.get().reply().isPresent()) {
        awaitingStorage.remove(id);
        onStored.accept(s.get().reply().get());
      } else if (s.get().status() == RequestStatus.DEAD_LETTER) {
        awaitingStorage.remove(id);
        fail(id, deadLettered.apply(s.get()));
      }
    }
  }

  /** Blocks for {@code reply} up to the call's timeout ({@code defaultTimeout} if it has none). */
  static <R> R await(
      CompletableFuture<R> reply, CallOptions options, Duration defaultTimeout, String what) {
    Duration timeout = options.timeout().orElse(defaultTimeout);
    try {
      Dispatcher.beforeBlocking();
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CallTimeoutException("no reply from " + what + " within " + timeout);
    } catch (ExecutionException e) {
      throw Failures.unwrapToRuntime(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while waiting for " + what, e);
    }
  }

  /** The node closes: every waiting caller fails. */
  void close() {
    for (CompletableFuture<ReplyRecord> f : waiting.values()) {
      f.completeExceptionally(
          new CrusterException("the cluster node closed before the reply arrived"));
    }
  }
}
