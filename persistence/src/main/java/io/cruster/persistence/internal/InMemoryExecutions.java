package io.cruster.persistence.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.CancelRequest;
import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.ExecutionStore;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.LoadedExecution;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.SaveOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Execution records by id, beside the other tables of the in-memory storage and guarded by its
 * lock. Lists are filtered and sorted on demand (the in-memory storage serves tests and one node).
 * Listeners are told on a virtual thread of their own, after the lock is released, one notification
 * at a time in the order of the writes.
 */
final class InMemoryExecutions implements ExecutionStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(InMemoryExecutions.class);

  /** Newest first: by start, then by id, both descending. */
  private static final Comparator<ExecutionRecord> NEWEST_FIRST =
      Comparator.comparing(ExecutionRecord::startedAt)
          .thenComparing(ExecutionRecord::executionId)
          .reversed();

  private record Stored(ExecutionRecord record, byte[] input) {}

  private final Guard guard;
  private final Clock clock;
  private final InMemoryMessages messages;
  private final InMemoryJournal journal;
  private final InMemoryTimers timers;
  private final InMemoryDeferreds deferreds;
  private final Map<String, Stored> byId = new HashMap<>();
  private final ExecutionListeners listeners = new ExecutionListeners();
  private final ConcurrentLinkedQueue<Consumer<ExecutionListeners>> events =
      new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Throws the storage's FencedException for a stale token; called under the guard. */
  private final Consumer<FencingToken> fenceCheck;

  InMemoryExecutions(
      Guard guard,
      Clock clock,
      InMemoryMessages messages,
      InMemoryJournal journal,
      InMemoryTimers timers,
      InMemoryDeferreds deferreds,
      Consumer<FencingToken> fenceCheck) {
    this.guard = guard;
    this.fenceCheck = fenceCheck;
    this.clock = clock;
    this.messages = messages;
    this.journal = journal;
    this.timers = timers;
    this.deferreds = deferreds;
  }

  @Override
  public SaveOutcome start(
      RequestRecord request, Optional<String> restartedFrom, List<JournalEntry> entries) {
    List<JournalEntry> copied = StartChecks.checked(request, restartedFrom, entries);
    return guard.call(
        () -> {
          journal.check(copied);
          SaveOutcome outcome = messages.save(request);
          if (outcome instanceof SaveOutcome.Saved) {
            journal.append(copied);
            byId.put(
                request.requestId(),
                new Stored(
                    new ExecutionRecord(
                        request.requestId(),
                        request.address(),
                        request.shard(),
                        request.tag(),
                        ExecutionStatus.RUNNING,
                        request.createdAt(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        restartedFrom,
                        Optional.empty()),
                    request.payload()));
          }
          return outcome;
        });
  }

  @Override
  public LoadedExecution load(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return guard.call(
        () ->
            new LoadedExecution(
                journal.entries(executionId),
                Optional.ofNullable(byId.get(executionId)).flatMap(s -> s.record().cancel())));
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return guard.call(() -> Optional.ofNullable(byId.get(executionId)).map(Stored::record));
  }

  @Override
  public List<ExecutionRecord> findAll(Collection<String> executionIds) {
    List<String> ids = List.copyOf(executionIds);
    return guard.call(
        () -> {
          List<ExecutionRecord> found = new ArrayList<>();
          for (String id : Set.copyOf(ids)) {
            Stored s = byId.get(id);
            if (s != null) {
              found.add(s.record().withoutReply());
            }
          }
          return List.copyOf(found);
        });
  }

  @Override
  public List<ExecutionRecord> list(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    Set<ExecutionStatus> statuses = query.statusesOrAll();
    return guard.call(
        () ->
            byId.values().stream()
                .map(Stored::record)
                .filter(r -> query.entityType().map(r.address().entityType()::equals).orElse(true))
                .filter(r -> query.entityId().map(r.address().entityId()::equals).orElse(true))
                .filter(r -> query.tag().map(r.tag()::equals).orElse(true))
                .filter(r -> statuses.contains(r.status()))
                .filter(r -> query.startedAfter().map(r.startedAt()::isAfter).orElse(true))
                .filter(r -> query.startedBefore().map(r.startedAt()::isBefore).orElse(true))
                .filter(r -> query.after().map(p -> isAfter(r, p)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .map(ExecutionRecord::withoutReply)
                .toList());
  }

  /** Whether {@code r} comes after position {@code p} in the newest-first order. */
  private static boolean isAfter(ExecutionRecord r, ExecutionQuery.Position p) {
    int c = r.startedAt().compareTo(p.startedAt());
    return c < 0 || (c == 0 && r.executionId().compareTo(p.executionId()) < 0);
  }

  @Override
  public Optional<byte[]> input(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    return guard.call(() -> Optional.ofNullable(byId.get(executionId)).map(Stored::input));
  }

  @Override
  public Optional<byte[]> awaitDeferred(
      String executionId, EntityAddress address, String name, Optional<FencingToken> fence) {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(fence, "fence");
    return guard.call(
        () -> {
          fence.ifPresent(fenceCheck);
          Optional<byte[]> value = deferreds.get(address, name);
          Stored s = byId.get(executionId);
          if (value.isEmpty() && s != null && s.record().status() == ExecutionStatus.RUNNING) {
            put(with(s, ExecutionStatus.AWAITING));
          }
          return value;
        });
  }

  @Override
  public boolean finish(
      ReplyRecord reply,
      ExecutionStatus status,
      Optional<String> failure,
      Optional<FencingToken> fence) {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(fence, "fence");
    if (!status.isFinished()) {
      throw new IllegalArgumentException(
          "finish needs COMPLETED, FAILED or CANCELLED, got "
              + status
              + " for execution "
              + reply.requestId());
    }
    boolean ended =
        guard.call(
            () -> {
              fence.ifPresent(fenceCheck);
              // The record follows its request: it ends only when the request takes this reply.
              if (!messages.endRequest(reply, status == ExecutionStatus.FAILED)) {
                return false;
              }
              end(reply.requestId(), status, failure, reply.at(), Optional.of(reply));
              events.add(l -> l.ended(reply.requestId()));
              return true;
            });
    drain();
    return ended;
  }

  @Override
  public boolean requestCancel(String executionId, String reason, Instant at) {
    Objects.requireNonNull(executionId, "executionId");
    CancelRequest cancel = new CancelRequest(reason, at);
    boolean recorded =
        guard.call(
            () -> {
              Stored s = byId.get(executionId);
              if (s == null
                  || s.record().status().isFinished()
                  || s.record().cancel().isPresent()) {
                return false;
              }
              ExecutionRecord r = s.record();
              put(
                  new Stored(
                      new ExecutionRecord(
                          r.executionId(),
                          r.address(),
                          r.shard(),
                          r.tag(),
                          r.status(),
                          r.startedAt(),
                          r.endedAt(),
                          r.failure(),
                          Optional.of(cancel),
                          r.restartedFrom(),
                          r.reply()),
                      s.input()));
              events.add(l -> l.cancelRequested(executionId));
              return true;
            });
    drain();
    return recorded;
  }

  @Override
  public List<String> purge(Instant endedBefore, int limit) {
    Objects.requireNonNull(endedBefore, "endedBefore");
    Guard.requireLimit(limit);
    return guard.call(
        () -> {
          List<String> doomed =
              byId.values().stream()
                  .map(Stored::record)
                  .filter(r -> r.endedAt().isPresent() && r.endedAt().get().isBefore(endedBefore))
                  .sorted(
                      Comparator.comparing((ExecutionRecord r) -> r.endedAt().get())
                          .thenComparing(ExecutionRecord::executionId))
                  .limit(limit)
                  .map(ExecutionRecord::executionId)
                  .toList();
          doomed.forEach(byId::remove);
          journal.delete(doomed);
          doomed.forEach(messages::forget);
          return doomed;
        });
  }

  @Override
  public Subscription subscribe(ExecutionListener listener) {
    Subscription s = listeners.add(listener);
    events.add(l -> listener.missed());
    drain();
    return s;
  }

  // ---- called by the other tables, under the lock

  /** Applies the status changes of a commit. */
  void apply(List<ExecutionUpdate> updates) {
    for (ExecutionUpdate u : updates) {
      Stored s = byId.get(u.executionId());
      if (s != null && !s.record().status().isFinished() && s.record().status() != u.status()) {
        put(with(s, u.status()));
      }
    }
  }

  /**
   * The request of an execution failed for good or was dead-lettered: its record ends FAILED (if it
   * is an execution's and not finished).
   */
  void requestFailed(String executionId, String failure, Optional<ReplyRecord> reply) {
    if (end(
        executionId,
        ExecutionStatus.FAILED,
        Optional.of(failure),
        reply.map(ReplyRecord::at).orElseGet(clock::instant),
        reply)) {
      events.add(l -> l.ended(executionId));
    }
  }

  /** The request of an execution was re-opened: the record runs again. */
  void requestReopened(String executionId) {
    Stored s = byId.get(executionId);
    if (s == null || !s.record().status().isFinished()) {
      return;
    }
    ExecutionRecord r = s.record();
    put(
        new Stored(
            new ExecutionRecord(
                r.executionId(),
                r.address(),
                r.shard(),
                r.tag(),
                ExecutionStatus.RUNNING,
                r.startedAt(),
                Optional.empty(),
                Optional.empty(),
                r.cancel(),
                r.restartedFrom(),
                Optional.empty()),
            s.input()));
  }

  /** Tells the listeners what the writes so far produced; call after the lock is released. */
  void drain() {
    if (events.isEmpty() || !draining.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("cruster-execution-events")
        .start(
            () -> {
              while (true) {
                Consumer<ExecutionListeners> e;
                while ((e = events.poll()) != null) {
                  try {
                    e.accept(listeners);
                  } catch (RuntimeException failure) {
                    LOG.warn("an execution listener failed", failure);
                  }
                }
                draining.set(false);
                if (events.isEmpty() || !draining.compareAndSet(false, true)) {
                  return;
                }
              }
            });
  }

  private boolean end(
      String executionId,
      ExecutionStatus status,
      Optional<String> failure,
      Instant at,
      Optional<ReplyRecord> reply) {
    Stored s = byId.get(executionId);
    if (s == null) {
      return false;
    }
    ExecutionRecord r = s.record();
    boolean deadLettered = r.status() == ExecutionStatus.FAILED && r.reply().isEmpty();
    if (r.status().isFinished() && !deadLettered) {
      return false;
    }
    put(
        new Stored(
            new ExecutionRecord(
                r.executionId(),
                r.address(),
                r.shard(),
                r.tag(),
                status,
                r.startedAt(),
                Optional.of(at),
                status == ExecutionStatus.COMPLETED ? Optional.empty() : failure,
                r.cancel(),
                r.restartedFrom(),
                reply),
            s.input()));
    return true;
  }

  private static Stored with(Stored s, ExecutionStatus status) {
    ExecutionRecord r = s.record();
    return new Stored(
        new ExecutionRecord(
            r.executionId(),
            r.address(),
            r.shard(),
            r.tag(),
            status,
            r.startedAt(),
            r.endedAt(),
            r.failure(),
            r.cancel(),
            r.restartedFrom(),
            r.reply()),
        s.input());
  }

  private void put(Stored s) {
    byId.put(s.record().executionId(), s);
  }
}
