package io.cruster.persistence.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.MessageStorage;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.SaveOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Requests by id, with a (address, dedupe key) index, a per-shard index of PENDING requests in
 * delivery order and an index of DEAD_LETTER requests in age order. Every status change goes
 * through {@link #update}, which keeps the indexes in step. Guarded by the storage's lock.
 */
final class InMemoryMessages implements MessageStorage {
  private record DedupeKey(EntityAddress address, String key) {}

  /** A stored request with its insertion number, the last tie-breaker of every order. */
  private record Entry(RequestState state, long seq) {
    String id() {
      return state.request().requestId();
    }

    PendingKey pendingKey() {
      return new PendingKey(state.request().deliverAt(), state.request().createdAt(), seq);
    }

    AgeKey ageKey() {
      return new AgeKey(state.request().createdAt(), seq);
    }
  }

  private record PendingKey(Instant deliverAt, Instant createdAt, long seq)
      implements Comparable<PendingKey> {
    private static final Comparator<PendingKey> ORDER =
        Comparator.comparing(PendingKey::deliverAt)
            .thenComparing(PendingKey::createdAt)
            .thenComparingLong(PendingKey::seq);

    @Override
    public int compareTo(PendingKey other) {
      return ORDER.compare(this, other);
    }
  }

  private record AgeKey(Instant createdAt, long seq) implements Comparable<AgeKey> {
    private static final Comparator<AgeKey> ORDER =
        Comparator.comparing(AgeKey::createdAt).thenComparingLong(AgeKey::seq);

    @Override
    public int compareTo(AgeKey other) {
      return ORDER.compare(this, other);
    }
  }

  private final Guard guard;
  private final Map<String, Entry> byId = new HashMap<>();
  private final Map<DedupeKey, String> byDedupeKey = new HashMap<>();
  private final Map<ShardId, TreeMap<PendingKey, Entry>> pendingByShard = new HashMap<>();
  private final TreeMap<AgeKey, Entry> deadLetters = new TreeMap<>();

  /** DONE requests by the time of their reply, for purging. */
  private final CompletedIndex<Entry> done = new CompletedIndex<>();

  private long nextSeq;

  /** The execution records kept consistent with their requests; set once, right after creation. */
  private InMemoryExecutions executions;

  /** The current epoch of a shard (0: never fenced); read under the guard. */
  private final java.util.function.ToLongFunction<ShardId> epochs;

  InMemoryMessages(Guard guard, java.util.function.ToLongFunction<ShardId> epochs) {
    this.guard = guard;
    this.epochs = epochs;
  }

  void attach(InMemoryExecutions executions) {
    this.executions = executions;
  }

  @Override
  public SaveOutcome save(RequestRecord request) {
    Objects.requireNonNull(request, "request");
    DedupeKey dedupeKey = new DedupeKey(request.address(), request.dedupeKey());
    return guard.call(
        () -> {
          Entry existing = byId.get(request.requestId());
          if (existing == null) {
            String existingId = byDedupeKey.get(dedupeKey);
            existing = existingId == null ? null : byId.get(existingId);
          }
          if (existing != null) {
            return new SaveOutcome.Duplicate(existing.state());
          }
          Entry entry = new Entry(RequestState.pending(request), nextSeq++);
          byId.put(entry.id(), entry);
          byDedupeKey.put(dedupeKey, entry.id());
          index(entry);
          return new SaveOutcome.Saved();
        });
  }

  @Override
  public Optional<RequestState> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return guard.call(() -> Optional.ofNullable(byId.get(requestId)).map(Entry::state));
  }

  @Override
  public List<RequestState> pending(Collection<ShardId> shards, Instant now, int limit) {
    List<ShardId> distinct =
        List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(shards, "shards")));
    Objects.requireNonNull(now, "now");
    Guard.requireLimit(limit);
    return guard.call(
        () -> {
          List<Entry> due = new ArrayList<>();
          for (ShardId shard : distinct) {
            TreeMap<PendingKey, Entry> pending =
                pendingByShard.getOrDefault(shard, new TreeMap<>());
            pending.values().stream()
                .takeWhile(e -> !e.state().request().deliverAt().isAfter(now))
                .limit(limit)
                .forEach(due::add);
          }
          due.sort(Comparator.comparing(Entry::pendingKey));
          return due.stream().limit(limit).map(Entry::state).toList();
        });
  }

  @Override
  public boolean complete(ReplyRecord reply) {
    Objects.requireNonNull(reply, "reply");
    return guard.call(
        () -> {
          Entry entry = byId.get(reply.requestId());
          if (entry == null) {
            return false;
          }
          RequestState state = entry.state();
          if (state.reply().isPresent()) {
            return state.reply().get().equals(reply);
          }
          update(
              entry,
              withStatus(
                  state,
                  RequestStatus.DONE,
                  state.failures(),
                  state.lastError(),
                  Optional.of(reply)));
          return true;
        });
  }

  @Override
  public RequestState recordFailure(String requestId, String error, int maxRetries) {
    return recordFailure(requestId, error, maxRetries, Optional.empty());
  }

  @Override
  public RequestState recordFailure(
      String requestId, String error, int maxRetries, FencingToken fence) {
    return recordFailure(
        requestId, error, maxRetries, Optional.of(Objects.requireNonNull(fence, "fence")));
  }

  private RequestState recordFailure(
      String requestId, String error, int maxRetries, Optional<FencingToken> fence) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(error, "error");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be >= 1, was " + maxRetries);
    }
    RequestState result =
        guard.call(
            () -> {
              if (fence.isPresent()) {
                long current = epochs.applyAsLong(fence.get().shard());
                if (current != fence.get().epoch()) {
                  throw Fencing.refused(
                      fence.get(), current, "failure count of request " + requestId);
                }
              }
              Entry entry = known(requestId);
              if (fence.isPresent()
                  && !fence.get().shard().equals(entry.state().request().shard())) {
                throw Fencing.otherShard(fence.get(), entry.state().request());
              }
              RequestState state = entry.state();
              if (state.status() != RequestStatus.PENDING) {
                return state;
              }
              int failures = state.failures() + 1;
              RequestStatus status =
                  failures >= maxRetries ? RequestStatus.DEAD_LETTER : RequestStatus.PENDING;
              if (status == RequestStatus.DEAD_LETTER) {
                executions.requestFailed(
                    requestId,
                    "dead-lettered after " + failures + " failed deliveries; last error: " + error,
                    Optional.empty());
              }
              return update(
                      entry,
                      withStatus(state, status, failures, Optional.of(error), Optional.empty()))
                  .state();
            });
    executions.drain();
    return result;
  }

  @Override
  public void fail(ReplyRecord failure) {
    Objects.requireNonNull(failure, "failure");
    if (!failure.failure()) {
      throw new IllegalArgumentException(
          "fail needs a failure reply, got a successful one for request " + failure.requestId());
    }
    guard.run(
        () -> {
          known(failure.requestId());
          if (endRequest(failure, true)) {
            executions.requestFailed(
                failure.requestId(), "the request failed for good", Optional.of(failure));
          }
        });
    executions.drain();
  }

  /**
   * Gives a request without a reply (PENDING or DEAD_LETTER) its reply: FAILED when {@code
   * forGood}, else DONE. Returns whether it took it; an unknown request or one with a reply is left
   * alone. Leaves execution records to the caller.
   */
  boolean endRequest(ReplyRecord reply, boolean forGood) {
    return guard.call(
        () -> {
          Entry entry = byId.get(reply.requestId());
          if (entry == null || entry.state().reply().isPresent()) {
            return false;
          }
          RequestState state = entry.state();
          update(
              entry,
              withStatus(
                  state,
                  forGood ? RequestStatus.FAILED : RequestStatus.DONE,
                  state.failures(),
                  state.lastError(),
                  Optional.of(reply)));
          return true;
        });
  }

  /** Forgets a request whatever its status (its execution was purged); unknown ids are ignored. */
  void forget(String requestId) {
    Entry e = byId.remove(requestId);
    if (e != null) {
      unindex(e);
      byDedupeKey.remove(
          new DedupeKey(e.state().request().address(), e.state().request().dedupeKey()));
    }
  }

  /** {@link #fail} inside a commit: an unknown request is ignored, as replies to one are. */
  void failIfKnown(ReplyRecord failure) {
    guard.run(
        () -> {
          if (byId.containsKey(failure.requestId())) {
            fail(failure);
          }
        });
  }

  @Override
  public boolean reopen(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return guard.call(
        () -> {
          Entry entry = byId.get(requestId);
          if (entry == null
              || (entry.state().status() != RequestStatus.FAILED
                  && entry.state().status() != RequestStatus.DEAD_LETTER)) {
            return false;
          }
          update(entry, RequestState.pending(entry.state().request()));
          executions.requestReopened(requestId);
          return true;
        });
  }

  @Override
  public List<RequestState> deadLetters(int limit) {
    Guard.requireLimit(limit);
    return guard.call(() -> deadLetters.values().stream().limit(limit).map(Entry::state).toList());
  }

  private Entry known(String requestId) {
    Entry entry = byId.get(requestId);
    if (entry == null) {
      throw new StorageException("unknown request " + requestId);
    }
    return entry;
  }

  private static RequestState withStatus(
      RequestState state,
      RequestStatus status,
      int failures,
      Optional<String> lastError,
      Optional<ReplyRecord> reply) {
    return new RequestState(state.request(), status, failures, lastError, reply);
  }

  /** Replaces the state of a stored request, moving it between the status indexes. */
  private Entry update(Entry old, RequestState next) {
    unindex(old);
    Entry entry = new Entry(next, old.seq());
    byId.put(entry.id(), entry);
    index(entry);
    return entry;
  }

  private void index(Entry entry) {
    switch (entry.state().status()) {
      case PENDING ->
          pendingByShard
              .computeIfAbsent(entry.state().request().shard(), s -> new TreeMap<>())
              .put(entry.pendingKey(), entry);
      case DEAD_LETTER -> deadLetters.put(entry.ageKey(), entry);
      case DONE -> done.add(entry.state().reply().orElseThrow().at(), entry.seq(), entry);
      case FAILED -> {}
    }
  }

  @Override
  public List<String> purgeCompleted(Instant completedBefore, int limit) {
    Objects.requireNonNull(completedBefore, "completedBefore");
    Guard.requireLimit(limit);
    return guard.call(
        () -> {
          List<String> purged = new ArrayList<>();
          for (Entry e : done.removeBefore(completedBefore, limit)) {
            byId.remove(e.id());
            byDedupeKey.remove(
                new DedupeKey(e.state().request().address(), e.state().request().dedupeKey()));
            purged.add(e.id());
          }
          return purged;
        });
  }

  private void unindex(Entry entry) {
    switch (entry.state().status()) {
      case PENDING -> {
        ShardId shard = entry.state().request().shard();
        TreeMap<PendingKey, Entry> pending = pendingByShard.get(shard);
        pending.remove(entry.pendingKey());
        if (pending.isEmpty()) {
          pendingByShard.remove(shard);
        }
      }
      case DEAD_LETTER -> deadLetters.remove(entry.ageKey());
      case DONE -> done.remove(entry.state().reply().orElseThrow().at(), entry.seq());
      case FAILED -> {}
    }
  }
}
