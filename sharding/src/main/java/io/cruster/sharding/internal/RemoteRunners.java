package io.cruster.sharding.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.Scheduler;
import io.cruster.actors.ShardId;
import io.cruster.actors.internal.Backoff;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.remoting.internal.RemoteCall;
import io.cruster.remoting.internal.RemoteException;
import io.cruster.remoting.internal.RemoteFailure;
import io.cruster.remoting.internal.RemoteReply;
import io.cruster.remoting.internal.ReplyStream;
import io.cruster.remoting.internal.RunnerClient;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.MessageTooLargeException;
import io.cruster.sharding.ShardUnavailableException;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.Observation;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calling side of a cluster node: sends calls for shards served elsewhere to their owners over
 * one {@link RunnerClient} per peer runner (connected on first use, on a virtual thread; each
 * client reconnects by itself after that).
 *
 * <p>An attempt asks the {@link Placement} who serves the shard. The shard served here after all
 * (it just arrived): the call runs here. No owner known, the owner unreachable, or the owner
 * answering UNAVAILABLE (its shard is moving, it is starting or stopping): the attempt is repeated
 * after a backoff (10 ms doubling to 500 ms) until the call's deadline, recomputing the owner each
 * time; then the call fails with {@link ShardUnavailableException} (retryable). Any other failure
 * ends the call with the exception a local call would have thrown ({@link Wire#exception}).
 *
 * <p>About 500 lines on purpose: the three call shapes (rpc, stream, forwarded request) share one
 * retry discipline ({@code Attempts}) and one peer table, and splitting them would spread that
 * discipline over several files.
 *
 * <p>Thread-safe. Futures complete on transport threads; retries are timed on the runtime's
 * scheduler.
 */
public final class RemoteRunners implements Remote, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteRunners.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(10);
  private static final long MAX_BACKOFF_MILLIS = 500;
  private static final Duration MAX_BACKOFF = Duration.ofMillis(MAX_BACKOFF_MILLIS);

  private final EntityRuntime runtime;
  private final Placement placement;
  private final TransportSettings transport;
  private final Scheduler timer;
  private final Map<String, CompletableFuture<RunnerClient>> peers = new ConcurrentHashMap<>();

  /** Runners dialled at least once: dialling one again is a reconnect. */
  private final Set<String> dialled = ConcurrentHashMap.newKeySet();

  /** Calls sent and not yet answered. */
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile boolean closed;

  /** Calls backing off: retried at once when the runner set changes. */
  private final Set<Attempts<?>> backingOff = ConcurrentHashMap.newKeySet();

  /**
   * Calls sent to a peer and not answered yet: re-routed at once when that peer leaves the runner
   * set (its lease expired: it may be frozen, and a frozen process answers nothing).
   */
  private final Set<Attempts<?>> awaitingPeers = ConcurrentHashMap.newKeySet();

  /**
   * @param transport the client side of the runner transport (TLS trust, frame limit, connect
   *     timeout)
   */
  public RemoteRunners(EntityRuntime runtime, Placement placement, TransportSettings transport) {
    this.runtime = runtime;
    this.placement = placement;
    this.transport = transport;
    this.timer = runtime.scheduler();
  }

  // ---- the calls

  @Override
  public CompletableFuture<Object> rpc(
      RegisteredType t,
      String entityId,
      ShardId shard,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout,
      Map<String, String> trace) {
    RemoteCall call =
        call(t, entityId, shard, def.tag(), encode(t, def, message), Wire.RPC, caller)
            .timeout(timeout)
            .trace(trace)
            .build();
    return new Attempts<>(
            call,
            timeout,
            bytes -> t.model().serializer().fromBytes(bytes),
            () -> runtime.rpcs().here(t, entityId, def, message, trace))
        .start();
  }

  @Override
  public Stream<Object> stream(
      RegisteredType t,
      String entityId,
      ShardId shard,
      HandlerDef def,
      Object message,
      Caller caller,
      Duration timeout,
      Map<String, String> trace) {
    RemoteCall call =
        call(t, entityId, shard, def.tag(), encode(t, def, message), Wire.STREAM, caller)
            .trace(trace)
            .build();
    String what = what(call);
    long deadline = timer.nanoTime() + timeout.toNanos();
    Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF);
    while (true) {
      if (placement.isLocal(shard)) {
        try {
          return runtime.rpcs().streamHere(t, entityId, def, message);
        } catch (ShardMovedException moved) {
          // left again: try the owner
        }
      }
      Optional<String> owner = placement.ownerAddress(shard);
      RuntimeException failure;
      if (owner.isPresent()) {
        try {
          Observation hop = hop(call, owner.get());
          ReplyStream replies;
          try {
            replies =
                peer(owner.get()).join().stream(traced(call, hop).withTimeout(remaining(deadline)));
          } catch (RuntimeException e) {
            hop.end(e);
            throw e;
          }
          return chunks(replies, bytes -> t.model().serializer().fromBytes(bytes), what)
              .onClose(() -> hop.end(null));
        } catch (RuntimeException e) {
          failure = Failures.unwrapToRuntime(e);
          if (!retryable(failure)) {
            throw failure instanceof RemoteException r ? Wire.exception(what, r) : failure;
          }
          evictIfUnreachable(owner.get(), failure);
        }
      } else {
        failure = new ShardUnavailableException("no runner serves shard " + shard + " now");
      }
      Duration wait = backoff.next();
      if (timer.nanoTime() + wait.toNanos() - deadline >= 0) {
        throw unavailable(what, timeout, failure);
      }
      Retry.sleep(timer, wait);
    }
  }

  @Override
  public CompletableFuture<ReplyRecord> deliver(RequestState state, Duration timeout) {
    var r = state.request();
    RemoteCall.Builder b =
        RemoteCall.builder(r.address(), r.shard(), r.tag())
            .payload(r.payload())
            .header(Wire.KIND, Wire.DELIVER)
            .header(Wire.REQUEST_ID, r.requestId())
            .header(
                Wire.CREATED_AT,
                Long.toString(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, r.createdAt())))
            .header(Wire.EXPECTS_REPLY, Boolean.toString(r.expectsReply()))
            .idempotencyKey(r.dedupeKey())
            .deliverAt(r.deliverAt())
            .trace(r.traceContext())
            .timeout(timeout);
    return new Attempts<>(
            b.build(),
            timeout,
            bytes -> r.expectsReply() ? Wire.reply(r.requestId(), bytes, runtime.now()) : null,
            () -> {
              runtime
                  .requests()
                  .dispatch(state, Requests.Origin.CALLER); // its caller's future is here already
              return CompletableFuture.completedFuture(null);
            })
        .start();
  }

  @Override
  public void resolved(EntityAddress address, ShardId shard, String deferredName) {
    Optional<String> owner = placement.ownerAddress(shard);
    if (owner.isEmpty()) {
      return; // the workflow re-checks storage each poll interval anyway
    }
    RemoteCall call =
        RemoteCall.builder(address, shard, Wire.WAKE_TAG)
            .header(Wire.KIND, Wire.WAKE)
            .header(Wire.DEFERRED, deferredName)
            .timeout(transport.connectTimeout())
            .build();
    peer(owner.get())
        .thenCompose(c -> c.callAsync(call))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                LOG.debug(
                    "{}: could not tell {} that deferred {} was resolved: {}",
                    address,
                    owner.get(),
                    deferredName,
                    e.toString());
              }
            });
  }

  /**
   * The runner set changed (a runner joined, left or died): calls backing off retry now, from the
   * shortest backoff, instead of waiting out up to {@value #MAX_BACKOFF_MILLIS} ms.
   */
  public void topologyChanged() {
    for (Attempts<?> a : backingOff) {
      a.retryNow();
    }
  }

  /**
   * The runner set changed and {@code live} are the runners' addresses now: calls backing off retry
   * now, and calls waiting on a runner that is no longer a member are re-routed to the shard's
   * owner by the new assignment. A forwarded request is sent again under its own id, so its new
   * owner runs it once (or answers with its stored reply if it already ran); an rpc is retried
   * within its deadline. Never blocks.
   */
  public void runnersChanged(Set<String> live) {
    topologyChanged();
    int rerouted = 0;
    for (Attempts<?> a : awaitingPeers) {
      rerouted += a.rerouteUnlessIn(live) ? 1 : 0;
    }
    if (rerouted > 0) {
      LOG.info("re-routed {} calls waiting on runners that left the cluster", rerouted);
    }
  }

  // ---- peers

  /**
   * Closes the connections to runners that are no longer members (a restarted one is dialled
   * afresh).
   */
  public void retainPeers(Set<String> addresses) {
    for (String address : peers.keySet()) {
      if (!addresses.contains(address)) {
        CompletableFuture<RunnerClient> gone = peers.remove(address);
        if (gone != null) {
          gone.thenAccept(RunnerClient::close);
          LOG.debug("closed the connection to {}: it left the cluster", address);
        }
      }
    }
  }

  private CompletableFuture<RunnerClient> peer(String address) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new ShardUnavailableException("this runner is closing"));
    }
    CompletableFuture<RunnerClient> known = peers.get(address);
    if (known != null) {
      return known; // the common case: no lock of computeIfAbsent's bin
    }
    return peers.computeIfAbsent(
        address,
        a -> {
          if (!dialled.add(a)) {
            runtime.instrumentation().transportReconnected();
          }
          CompletableFuture<RunnerClient> f = new CompletableFuture<>();
          Thread.ofVirtual()
              .name("cruster-connect-" + a)
              .start(
                  () -> {
                    try {
                      f.complete(RunnerClient.connect(transport, a));
                    } catch (Throwable e) {
                      // Errors too: the calls waiting for this peer must fail now, not time out.
                      peers.remove(a, f); // the next attempt dials again
                      f.completeExceptionally(
                          e instanceof RuntimeException
                              ? e
                              : new RemoteException(
                                  "connect to " + a,
                                  RemoteFailure.from(e).withRetryable(false),
                                  e));
                    }
                  });
          return f;
        });
  }

  /**
   * A peer that could not be connected is forgotten at once, so the next attempt dials it again.
   */
  private void evictIfUnreachable(String address, RuntimeException failure) {
    CompletableFuture<RunnerClient> f = peers.get(address);
    if (f != null && f.isCompletedExceptionally()) {
      peers.remove(address, f);
    }
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    closed = true;
    for (CompletableFuture<RunnerClient> f : peers.values()) {
      f.thenAccept(RunnerClient::close);
    }
    peers.clear();
  }

  // ---- helpers

  private RemoteCall.Builder call(
      RegisteredType t,
      String entityId,
      ShardId shard,
      String tag,
      byte[] payload,
      String kind,
      Caller caller) {
    RemoteCall.Builder b =
        RemoteCall.builder(new EntityAddress(t.name(), entityId), shard, tag)
            .payload(payload)
            .header(Wire.KIND, kind);
    if (caller.address() != null) {
      b.header(Wire.CALLER, caller.address().toString());
    }
    return b;
  }

  private byte[] encode(RegisteredType t, HandlerDef def, Object message) {
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
    return payload;
  }

  /** The client observation of one hop of {@code call} to {@code peer}. */
  private Observation hop(RemoteCall call, String peer) {
    Instrumentation inst = runtime.instrumentation();
    if (inst == Instrumentation.NONE) {
      return Observation.NONE;
    }
    return inst.remoteCall(
        call.address().entityType(),
        call.address().entityId(),
        call.tag(),
        peer,
        call.traceContext());
  }

  /** {@code call} carrying the context of {@code hop} instead of its caller's. */
  private static RemoteCall traced(RemoteCall call, Observation hop) {
    return hop == Observation.NONE ? call : call.withTraceContext(ClientImpl.context(hop));
  }

  private static String what(RemoteCall call) {
    return call.address() + " " + call.tag();
  }

  private Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - timer.nanoTime()));
  }

  /** Failures worth another attempt, perhaps at another owner: the owner could not serve now. */
  private static boolean retryable(Throwable e) {
    return e instanceof RemoteException r
        ? r.kind() == RemoteFailure.Kind.UNAVAILABLE
        : e instanceof ShardUnavailableException;
  }

  private static ShardUnavailableException unavailable(
      String what, Duration timeout, Throwable last) {
    return new ShardUnavailableException(
        what
            + ": no runner could serve it within "
            + timeout
            + " (last: "
            + (last == null ? "none" : last.getMessage())
            + ")",
        last);
  }

  private Stream<Object> chunks(ReplyStream replies, Function<byte[], Object> decode, String what) {
    Iterator<Object> it =
        new Iterator<>() {
          private Object next;
          private boolean done;

          @Override
          public boolean hasNext() {
            if (next != null) {
              return true;
            }
            if (done) {
              return false;
            }
            try {
              RemoteReply r = replies.next();
              if (r instanceof RemoteReply.Chunk c) {
                next = decode.apply(c.payload());
                return true;
              }
              done = true;
              return false;
            } catch (RemoteException e) {
              done = true;
              throw Wire.exception(what, e);
            }
          }

          @Override
          public Object next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Object n = next;
            next = null;
            return n;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(replies::close);
  }

  /** The attempts of one call, until it succeeds, fails for good, or its deadline passes. */
  private final class Attempts<T> {
    private final RemoteCall call;
    private final Duration timeout;
    private final long deadline;
    private final Function<byte[], T> decode;
    private final Supplier<CompletableFuture<T>> here;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF); // guarded by this
    private int attempts; // attempts run one after the other
    private volatile io.cruster.actors.Cancellable pendingRetry;

    /** Bumped by each attempt and re-route: an answer to an older round is ignored. */
    private final java.util.concurrent.atomic.AtomicInteger round =
        new java.util.concurrent.atomic.AtomicInteger();

    /** The peer the current round waits on, or null. */
    private volatile String sentTo;

    Attempts(
        RemoteCall call,
        Duration timeout,
        Function<byte[], T> decode,
        Supplier<CompletableFuture<T>> here) {
      this.call = call;
      this.timeout = timeout;
      this.deadline = timer.nanoTime() + timeout.toNanos();
      this.decode = decode;
      this.here = here;
    }

    CompletableFuture<T> start() {
      if (runtime.instrumentation() != Instrumentation.NONE) {
        // counted for the transport gauge only when someone reads it
        inFlight.incrementAndGet();
        result.whenComplete((v, e) -> inFlight.decrementAndGet());
      }
      attempt();
      return result;
    }

    private void attempt() {
      int mine = round.incrementAndGet();
      boolean firstAttempt = attempts++ == 0; // the call already carries the whole timeout
      if (placement.isLocal(call.shard())) {
        try {
          here.get().whenComplete(this::completeWith);
          return;
        } catch (ShardMovedException moved) {
          // it left again: try its owner
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
          return;
        }
      }
      Optional<String> owner = placement.ownerAddress(call.shard());
      if (owner.isEmpty()) {
        retryLater(
            new ShardUnavailableException("no runner serves shard " + call.shard() + " now"));
        return;
      }
      Observation hop = hop(call, owner.get());
      RemoteCall sent = traced(call, hop);
      sentTo = owner.get();
      awaitingPeers.add(this);
      peer(owner.get())
          .thenCompose(
              c -> c.callAsync(firstAttempt ? sent : sent.withTimeout(remaining(deadline))))
          .whenComplete(
              (bytes, error) -> {
                hop.end(error == null ? null : Failures.unwrap(error));
                if (round.get() != mine) {
                  return; // re-routed meanwhile: the newer round answers
                }
                awaitingPeers.remove(this);
                sentTo = null;
                if (error == null) {
                  try {
                    result.complete(decode.apply(bytes));
                  } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                  }
                  return;
                }
                Throwable e = Failures.unwrap(error);
                if (retryable(e)) {
                  if (e instanceof RuntimeException re) {
                    evictIfUnreachable(owner.get(), re);
                  }
                  retryLater(e);
                } else {
                  result.completeExceptionally(
                      e instanceof RemoteException r ? Wire.exception(what(call), r) : e);
                }
              });
    }

    private void completeWith(T value, Throwable error) {
      if (error != null) {
        result.completeExceptionally(Failures.unwrap(error));
      } else {
        result.complete(value);
      }
    }

    private void retryLater(Throwable last) {
      Duration wait;
      synchronized (this) {
        wait = backoff.next();
      }
      if (closed || timer.nanoTime() + wait.toNanos() - deadline >= 0) {
        result.completeExceptionally(unavailable(what(call), timeout, last));
        return;
      }
      // Whichever comes first: the backoff, or a change of the runner set (then from the shortest
      // backoff again).
      backingOff.add(this);
      pendingRetry =
          timer.schedule(
              wait,
              () -> {
                if (backingOff.remove(this)) {
                  Thread.ofVirtual().start(this::attempt);
                }
              });
    }

    /** Sends the call again, to the shard's owner now, if the peer it waits on left. */
    boolean rerouteUnlessIn(Set<String> live) {
      String to = sentTo;
      if (to == null || live.contains(to) || result.isDone() || !awaitingPeers.remove(this)) {
        return false;
      }
      round.incrementAndGet(); // whatever the gone peer answers later is ignored
      sentTo = null;
      LOG.debug("{}: {} left the cluster while the call waited on it; re-routing", what(call), to);
      Thread.ofVirtual().start(this::attempt);
      return true;
    }

    /** The runner set changed while this call was backing off. */
    void retryNow() {
      if (backingOff.remove(this)) {
        io.cruster.actors.Cancellable t = pendingRetry;
        if (t != null) {
          t.cancel();
        }
        synchronized (this) {
          backoff.reset();
        }
        Thread.ofVirtual().start(this::attempt);
      }
    }
  }
}
