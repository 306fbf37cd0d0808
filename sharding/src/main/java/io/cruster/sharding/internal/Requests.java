package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.EntityAddress;
import io.cruster.actors.MailboxFullException;
import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.SaveOutcome;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.DeadLetteredException;
import io.cruster.sharding.MessageTooLargeException;
import io.cruster.sharding.UnknownEntityTypeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable requests from save to reply. A request is saved first (or found as a duplicate of an
 * earlier one), then dispatched straight to its entity; {@link #inFlight} keeps a request from
 * being dispatched twice at once, and {@link Replies} holds the futures of callers waiting for
 * replies. Deliveries that fail for reasons other than the handler are counted ({@link
 * DeliveryFailures}) and retried by the poller until they are dead-lettered.
 *
 * <p>In a cluster a request whose shard another runner serves is saved here and then forwarded to
 * that runner ({@link Remote#deliver}), which runs it and sends the stored reply back ({@link
 * RemoteWaits} on its side); if the forward fails (the owner moves or dies), the caller's reply is
 * read from storage on each poll once whoever owns the shard next has run it.
 *
 * <p>Longer than most classes here on purpose: it is one state machine (saved, in flight,
 * forwarded, handed back, failed, dead-lettered, replied), and the races between a caller's first
 * dispatch, the poller and a forward are easier to check with every transition in one place. The
 * waiting callers ({@link Replies}) and the waiting runners ({@link RemoteWaits}) live apart.
 */
final class Requests {
  private static final Logger LOG = LoggerFactory.getLogger(Requests.class);
  private final EntityRuntime runtime;
  private final Storage storage;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  /** Re-opened requests to dispatch once their previous run leaves {@link #inFlight}. */
  private final java.util.Map<String, RequestState> afterRelease = new ConcurrentHashMap<>();

  private final Replies replies;
  private final RemoteWaits remoteWaits = new RemoteWaits();
  private final DeliveryFailures failures;
  final RequestIds ids = new RequestIds();

  /**
   * Requests completed while a poll pass runs (null between passes). The pass may have read them as
   * pending; it must not dispatch them, or it would activate their entity for nothing.
   */
  private volatile Set<String> completedDuringPoll;

  /**
   * Where a dispatch comes from, which decides what a full mailbox and a shard that is not served
   * here mean: a waiting caller fails at once on a full mailbox (the request stays re-runnable by
   * its key), others wait for the next poll; a caller's or a timer's request is forwarded to the
   * shard's owner, a runner's forwarded request fails back to it (it retries elsewhere), a polled
   * one is left to the owner's poller.
   */
  enum Origin {
    CALLER(true, true),
    REMOTE(true, false),
    TIMER(false, true),
    POLL(false, false);

    final boolean failWhenFull;
    final boolean forwardWhenMoved;

    Origin(boolean failWhenFull, boolean forwardWhenMoved) {
      this.failWhenFull = failWhenFull;
      this.forwardWhenMoved = forwardWhenMoved;
    }
  }

  Requests(EntityRuntime runtime) {
    this.runtime = runtime;
    this.storage = runtime.storage();
    this.replies = new Replies(storage);
    this.failures = new DeliveryFailures(runtime, this::fail);
  }

  /** Requests dispatched or running here now. */
  int inFlight() {
    return inFlight.size();
  }

  private Instant now() {
    return runtime.now();
  }

  /**
   * Saves a request (or finds its duplicate) and dispatches it; the future completes with the
   * decoded reply, or with null at once when no reply is expected.
   */
  CompletableFuture<Object> request(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Optional<String> key,
      Instant deliverAt,
      boolean expectsReply,
      java.util.Map<String, String> trace) {
    return send(t, entityId, def, message, key, deliverAt, expectsReply, Optional.empty(), trace)
        .reply();
  }

  /**
   * A request sent: the id of the request that serves it (its own, or the earlier one it
   * duplicates) and its reply.
   */
  record Sent(String requestId, CompletableFuture<Object> reply) {}

  /**
   * A restarted workflow execution: the execution it restarts and the journal entries it takes over
   * (renumbered to the new execution's id when saved).
   */
  record Restart(String from, List<JournalEntry> steps) {}

  /**
   * As {@link #request}, also telling which request serves it. A workflow's request is saved with
   * its execution record ({@code ExecutionStore.start}) in the same write, and with the steps a
   * {@code restart} takes over.
   */
  Sent send(
      RegisteredType t,
      String entityId,
      HandlerDef def,
      Object message,
      Optional<String> key,
      Instant deliverAt,
      boolean expectsReply,
      Optional<Restart> restart,
      java.util.Map<String, String> trace) {
    byte[] payload = t.model().serializer().toBytes(message);
    if (payload.length > runtime.config().maxMessageBytes()) {
      throw new MessageTooLargeException(
          t.name()
              + " "
              + def.tag()
              + " is "
              + payload.length
              + " bytes serialized; the limit is "
              + runtime.config().maxMessageBytes()
              + " (maxMessageBytes)");
    }
    String requestId = ids.next();
    String dedupeKey =
        key.orElseGet(
            () -> def.idempotent() ? RequestIds.contentKey(def.tag(), payload) : requestId);
    ShardId shard =
        ShardHash.shardOf(
            t.model().options().shardGroup(), entityId, runtime.config().shardsPerGroup());
    RequestRecord record =
        new RequestRecord(
            requestId,
            new EntityAddress(t.name(), entityId),
            shard,
            def.tag(),
            payload,
            dedupeKey,
            expectsReply,
            now(),
            deliverAt,
            trace);
    // Waiting before saving: a poll may dispatch and complete the request before this method goes
    // on. Marking it in flight before saving keeps polls away from it, so its first delivery needs
    // no check that it is still pending.
    CompletableFuture<ReplyRecord> mine = expectsReply ? replies.expect(requestId) : null;
    boolean dueNow = !deliverAt.isAfter(now());
    if (dueNow) {
      inFlight.add(requestId);
    }
    RequestState state;
    try {
      SaveOutcome outcome =
          def.kind() == MessageKind.WORKFLOW
              ? storage
                  .executions()
                  .start(
                      record,
                      restart.map(Restart::from),
                      restart.map(r -> takenOver(requestId, r.steps())).orElse(List.of()))
              : storage.messages().save(record);
      state =
          switch (outcome) {
            case SaveOutcome.Saved saved ->
                new RequestState(
                    record, RequestStatus.PENDING, 0, Optional.empty(), Optional.empty());
            case SaveOutcome.Duplicate d -> d.existing();
          };
    } catch (RuntimeException e) {
      replies.forget(requestId);
      inFlight.remove(requestId);
      throw e;
    }
    String id = state.request().requestId();
    if (id.equals(requestId)) {
      if (dueNow) {
        // A restart is not fresh: it starts with the journal entries it takes over.
        deliver(state, Origin.CALLER, restart.isEmpty(), message);
        return new Sent(
            id,
            mine != null
                ? replies.decode(t, def.tag(), mine)
                : CompletableFuture.completedFuture(null));
      }
    } else {
      replies.forget(requestId);
      inFlight.remove(requestId);
    }
    if (state.status() == RequestStatus.FAILED) {
      LOG.info(
          "{}: running failed request {} ({}) again", state.request().address(), id, def.tag());
      storage.messages().reopen(id);
    } else if (state.status() == RequestStatus.DEAD_LETTER) {
      return new Sent(id, CompletableFuture.failedFuture(deadLettered(state)));
    }
    CompletableFuture<Object> reply =
        !id.equals(requestId)
            ? replies.ofStored(t, id, def.tag())
            : mine != null
                ? replies.decode(t, def.tag(), mine)
                : CompletableFuture.completedFuture(null);
    if (state.status() == RequestStatus.FAILED) {
      dispatchAfterRelease(state); // its previous run may still be finishing here
    } else if (state.status() != RequestStatus.DONE) {
      schedule(state);
    }
    return new Sent(id, reply);
  }

  /**
   * Dispatches a request that was just re-opened (retried after it failed for good): if its
   * previous run is still marked in flight here (it has stored its failure but not yet left {@link
   * #inFlight}, and whoever saw the failure acted on it first), the dispatch waits until it leaves.
   */
  void dispatchAfterRelease(RequestState state) {
    String id = state.request().requestId();
    if (!inFlight.contains(id)) {
      dispatch(state, Origin.CALLER);
      return;
    }
    afterRelease.put(id, state);
    if (!inFlight.contains(id) && afterRelease.remove(id, state)) {
      dispatch(state, Origin.CALLER); // released in between
    }
  }

  private static List<JournalEntry> takenOver(String executionId, List<JournalEntry> steps) {
    return steps.stream()
        .map(
            e ->
                new JournalEntry(
                    executionId,
                    e.step(),
                    e.kind(),
                    e.tag(),
                    e.result(),
                    e.failed(),
                    e.recordedAt()))
        .toList();
  }

  /**
   * A request saved for later: dispatched here at its time, or left to the poller of the runner
   * serving it.
   */
  private void schedule(RequestState state) {
    Duration wait = Duration.between(now(), state.request().deliverAt());
    if (wait.isNegative() || wait.isZero()) {
      dispatch(state, Origin.CALLER);
    } else if (runtime.isLocal(state.request().shard())) {
      runtime
          .scheduler()
          .schedule(wait, () -> Thread.ofVirtual().start(() -> dispatch(state, Origin.TIMER)));
    } else {
      replies.readFromStorage(state.request().requestId());
    }
  }

  /** Hands a saved request to its entity, unless it is already on its way there. */
  void dispatch(RequestState state, Origin origin) {
    String id = state.request().requestId();
    if (runtime.isClosed() || !inFlight.add(id)) {
      return;
    }
    Set<String> completed = completedDuringPoll;
    if (origin == Origin.POLL && completed != null && completed.contains(id)) {
      inFlight.remove(id); // read as pending by this poll pass, done since
      return;
    }
    deliver(state, origin, false, null);
  }

  /** A poll pass begins: completions from now on are remembered until {@link #pollEnded()}. */
  void pollStarted() {
    completedDuringPoll = ConcurrentHashMap.newKeySet();
  }

  void pollEnded() {
    completedDuringPoll = null;
  }

  /**
   * Hands a request that is marked in flight to its entity. {@code fresh}: saved by this call just
   * now, so it cannot have run yet; its {@code message} object (or null) then spares the entity
   * decoding the payload. What a full mailbox or a shard served elsewhere means depends on the
   * {@link Origin}; neither counts as a failure.
   */
  private void deliver(RequestState state, Origin origin, boolean fresh, Object message) {
    String id = state.request().requestId();
    if (runtime.isClosed()) {
      inFlight.remove(id);
      return;
    }
    RegisteredType t;
    try {
      t = runtime.type(state.request().address().entityType());
    } catch (UnknownEntityTypeException e) {
      inFlight.remove(id);
      undeliverable(state, e);
      return;
    }
    try {
      runtime.route(
          t,
          state.request().address().entityId(),
          i -> {
            i.enqueued();
            try {
              i.actor.tell(new EntityInstance.Deliver(state, fresh, message));
            } catch (RuntimeException e) {
              i.dequeued();
              throw e;
            }
          });
    } catch (ShardMovedException moved) {
      inFlight.remove(id);
      if (origin.forwardWhenMoved) {
        forward(state);
      } else if (origin == Origin.REMOTE) {
        remoteWaits.fail(id, moved);
      }
    } catch (MailboxFullException e) {
      inFlight.remove(id);
      if (origin.failWhenFull && state.request().expectsReply()) {
        storage
            .messages()
            .fail(new ReplyRecord(id, true, Failures.bytes(t.model().serializer(), e), now()));
        fail(id, e);
      } else {
        LOG.debug(
            "{}: mailbox full; request {} waits for the next poll", state.request().address(), id);
      }
    } catch (RuntimeException e) {
      inFlight.remove(id);
      deliveryFailed(state, e);
    }
  }

  /**
   * Sends a request saved here to the runner serving its shard. A local caller's reply comes back
   * with the answer, or, if the forward fails, from storage once the shard's next owner has run it.
   */
  private void forward(RequestState state) {
    Remote remote = runtime.remote();
    String id = state.request().requestId();
    if (remote == null) {
      return; // one node: every shard is local; only reached while closing
    }
    remote
        .deliver(state, runtime.config().callTimeout())
        .whenComplete(
            (reply, error) -> {
              if (reply != null) {
                onReply(reply);
              } else if (error != null) {
                LOG.debug(
                    "{}: forwarding request {} failed ({}); its reply will be read from storage",
                    state.request().address(),
                    id,
                    error.toString());
                replies.readFromStorage(id);
              }
            });
  }

  /**
   * A request another runner saved and forwarded here because this runner serves its shard. The
   * future completes with its stored reply (at once with null when the sender expects none), or
   * fails with {@link ShardMovedException} when the shard is not served here (the sender tries its
   * new owner).
   */
  CompletableFuture<ReplyRecord> deliverForRemote(RequestState state) {
    String id = state.request().requestId();
    if (!runtime.isLocal(state.request().shard())) {
      return CompletableFuture.failedFuture(new ShardMovedException(state.request().shard()));
    }
    CompletableFuture<ReplyRecord> reply =
        state.request().expectsReply()
            ? remoteWaits.register(state)
            : CompletableFuture.completedFuture(null);
    dispatch(
        state,
        Origin.REMOTE); // not fresh: the entity checks it is still pending (a poll may have run it)
    return reply;
  }

  /**
   * A request marked in flight here will not run here after all (its entity was retired, or its
   * workflow stopped because the shard moved): it stays pending for the shard's next owner. A
   * runner that forwarded it is told to try that owner; a local caller's reply is read from
   * storage.
   */
  void handedBack(RequestState state) {
    String id = state.request().requestId();
    inFlight.remove(id);
    remoteWaits.fail(id, new ShardMovedException(state.request().shard()));
    replies.readFromStorage(id);
  }

  /**
   * The shards {@code left} selects are no longer served here: runners waiting for replies of their
   * requests are told to try the shards' new owners.
   */
  void shardsLeft(java.util.function.Predicate<ShardId> left) {
    remoteWaits.shardsLeft(left);
  }

  /**
   * Reads the replies of requests that ran elsewhere for the callers waiting here; at most {@code
   * limit}.
   */
  void checkStoredReplies(int limit) {
    replies.checkStored(limit, this::onReply, Requests::deadLettered);
  }

  /**
   * Whether a request still needs to run. Deliveries of one entity are handled one at a time, so
   * checking here, on the entity's actor, catches a request that a poll dispatched again after its
   * first delivery completed.
   */
  boolean stillPending(String requestId) {
    Optional<RequestState> current = storage.messages().find(requestId);
    if (current.isPresent() && current.get().status() == RequestStatus.PENDING) {
      return true;
    }
    inFlight.remove(requestId);
    if (current.isEmpty()) {
      // Only a forwarded request can be missing (a runner sent an id it never saved): refuse it to
      // its sender.
      remoteWaits.fail(
          requestId,
          new IllegalArgumentException(
              "request "
                  + requestId
                  + " is not in storage: a forwarded request "
                  + "must be saved by its sender first"));
      return false;
    }
    current.flatMap(RequestState::reply).ifPresent(this::onReply);
    return false;
  }

  /**
   * A delivery failed for a reason other than the handler: count it; retry later or dead-letter.
   */
  void deliveryFailed(RequestState state, Throwable error) {
    inFlight.remove(state.request().requestId());
    failures.failed(state, error);
  }

  /** A request that can never run (unknown tag, undecodable payload): dead-letter it at once. */
  void undeliverable(RequestState state, RuntimeException error) {
    inFlight.remove(state.request().requestId());
    failures.undeliverable(state, error);
  }

  /**
   * As {@link #onReply(ReplyRecord)}, for a request run on this node: a local caller gets {@code
   * result} as it is.
   */
  void onReply(ReplyRecord reply, Object result) {
    completed(reply);
    replies.complete(reply, result, true);
  }

  /** A reply was stored: the request is done; wake whoever waits for it. */
  void onReply(ReplyRecord reply) {
    completed(reply);
    replies.complete(reply, null, false);
  }

  private void completed(ReplyRecord reply) {
    Set<String> completed = completedDuringPoll;
    if (completed != null) {
      // before it leaves inFlight: a poll that takes it next sees it here
      completed.add(reply.requestId());
    }
    inFlight.remove(reply.requestId());
    RequestState again = afterRelease.remove(reply.requestId());
    if (again != null) {
      dispatch(again, Origin.CALLER);
    }
    remoteWaits.complete(reply);
  }

  static DeadLetteredException deadLettered(RequestState s) {
    return new DeadLetteredException(
        "request "
            + s.request().requestId()
            + " ("
            + s.request().tag()
            + ") to "
            + s.request().address()
            + " is dead-lettered after "
            + s.failures()
            + " failed deliveries"
            + s.lastError().map(e -> "; last error: " + e).orElse(""));
  }

  private void fail(String requestId, Throwable error) {
    remoteWaits.fail(
        requestId,
        error instanceof RuntimeException re ? re : new CrusterException(error.toString(), error));
    replies.fail(requestId, error);
  }

  <R> R awaitReply(CompletableFuture<R> reply, CallOptions options, String what) {
    return Replies.await(reply, options, runtime.config().callTimeout(), what);
  }

  void close() {
    remoteWaits.close();
    replies.close();
  }
}
