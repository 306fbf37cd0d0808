package io.cruster.sharding.internal;

import io.cruster.persistence.FencedException;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.sharding.ShardUnavailableException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a request whose delivery failed for a reason other than its handler (storage
 * unreachable, an activation that failed, a message that cannot be decoded): the failure is counted
 * in storage, and the request is retried by the poller or, at the limit, dead-lettered. Counts are
 * fenced like commits, so a runner that lost the request's shard (paused or cut off past its lease)
 * can neither count against a request the shard's new owner is delivering nor dead-letter it early:
 * such a failure is left to the new owner, and whoever waits here gets a retryable {@link
 * ShardUnavailableException}. Stateless apart from its runtime; thread-safe.
 */
final class DeliveryFailures {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryFailures.class);
  private final EntityRuntime runtime;

  /** Fails the callers and runners waiting here for a request's reply. */
  private final BiConsumer<String, Throwable> fail;

  DeliveryFailures(EntityRuntime runtime, BiConsumer<String, Throwable> fail) {
    this.runtime = runtime;
    this.fail = fail;
  }

  /** A delivery failed: count it; retry later or dead-letter. */
  void failed(RequestState state, Throwable error) {
    if (runtime.isClosed()) {
      return;
    }
    if (fencedCause(error) instanceof FencedException fenced) {
      lostShard(state, fenced);
      return;
    }
    String id = state.request().requestId();
    int maxRetries = runtime.config().storageMessageMaxRetries();
    try {
      RequestState now = recordFailure(state, String.valueOf(error), maxRetries);
      if (now.status() == RequestStatus.DEAD_LETTER) {
        runtime
            .instrumentation()
            .deadLettered(state.request().address().entityType(), state.request().tag());
        LOG.error(
            "{}: request {} ({}) dead-lettered after {} failed deliveries; last error: {}",
            state.request().address(),
            id,
            state.request().tag(),
            now.failures(),
            error.toString());
        fail.accept(id, Requests.deadLettered(now));
      } else {
        runtime
            .instrumentation()
            .deliveryFailed(state.request().address().entityType(), state.request().tag());
        LOG.warn(
            "{}: delivery of request {} ({}) failed ({} of {}), will retry: {}",
            state.request().address(),
            id,
            state.request().tag(),
            now.failures(),
            maxRetries,
            error.toString());
      }
    } catch (FencedException fenced) {
      lostShard(state, fenced);
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: could not record the failed delivery of request {}",
          state.request().address(),
          id,
          e);
    }
  }

  /** A request that can never run (unknown tag, undecodable payload): dead-letter it at once. */
  void undeliverable(RequestState state, RuntimeException error) {
    String id = state.request().requestId();
    try {
      recordFailure(state, error.toString(), 1);
      runtime
          .instrumentation()
          .deadLettered(state.request().address().entityType(), state.request().tag());
      LOG.error(
          "{}: request {} ({}) cannot be delivered and is dead-lettered: {}",
          state.request().address(),
          id,
          state.request().tag(),
          error.toString());
    } catch (FencedException fenced) {
      lostShard(state, fenced); // whether it can run is for the shard's owner to find out
      return;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: request {} cannot be delivered ({}) and could not be dead-lettered",
          state.request().address(),
          id,
          error.toString(),
          e);
    }
    fail.accept(id, error);
  }

  /**
   * Counts a failed delivery, fenced with the shard's token when this node fences (a cluster
   * runner).
   */
  private RequestState recordFailure(RequestState state, String error, int maxRetries) {
    String id = state.request().requestId();
    FencingToken token = runtime.fencingToken(state.request().shard());
    return token == null
        ? runtime.storage().messages().recordFailure(id, error, maxRetries)
        : runtime.storage().messages().recordFailure(id, error, maxRetries, token);
  }

  /**
   * This node lost the request's shard: not the request's fault, so not counted. The request stays
   * pending for the shard's new owner; whoever waits here gets a retryable failure.
   */
  private void lostShard(RequestState state, FencedException fenced) {
    String id = state.request().requestId();
    LOG.warn(
        "{}: request {} left to the shard's new owner, this runner no longer holds the shard: {}",
        state.request().address(),
        id,
        fenced.getMessage());
    fail.accept(
        id,
        new ShardUnavailableException(
            state.request().address() + ": " + fenced.getMessage(), fenced));
  }

  /** The {@link FencedException} among the causes of {@code error}, or null. */
  private static Throwable fencedCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof FencedException) {
        return t;
      }
    }
    return null;
  }
}
