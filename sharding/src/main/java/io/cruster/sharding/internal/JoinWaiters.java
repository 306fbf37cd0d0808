package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who waits here for workflow executions to end ({@code WorkflowHandle.join}), and what wakes them:
 * an execution ending on this node (the record it ended with is handed over, so no read is needed),
 * the storage's notification of an end elsewhere ({@code LISTEN/NOTIFY} on PostgreSQL), and, as a
 * safety net, {@link #recheck} (each poll pass, and when notifications may have been missed), which
 * reads the state of every awaited execution in one query.
 *
 * <p>One future per awaited execution, shared by its joiners, completed once and removed: with the
 * final record when known here, else with empty (the joiner reads it). Thread-safe.
 */
final class JoinWaiters {
  private static final Logger LOG = LoggerFactory.getLogger(JoinWaiters.class);
  private final ExecutionStore executions;
  private final Map<String, CompletableFuture<Optional<ExecutionRecord>>> waiting =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  JoinWaiters(ExecutionStore executions) {
    this.executions = executions;
  }

  /**
   * A future completed when {@code executionId} ends (with its final record when this node knows
   * it). Register before reading the execution's state, so an end in between is not missed.
   */
  CompletableFuture<Optional<ExecutionRecord>> whenEnded(String executionId) {
    if (closed) {
      return CompletableFuture.failedFuture(closedFailure());
    }
    return waiting.computeIfAbsent(executionId, id -> new CompletableFuture<>());
  }

  /** Stops waiting for {@code executionId} through {@code f} (its joiner got its answer). */
  void forget(String executionId, CompletableFuture<Optional<ExecutionRecord>> f) {
    if (f.isDone()) {
      waiting.remove(executionId, f);
    }
  }

  /** The execution ended; {@code record} is its final record when known here. */
  void ended(String executionId, Optional<ExecutionRecord> record) {
    CompletableFuture<Optional<ExecutionRecord>> f = waiting.remove(executionId);
    if (f != null) {
      f.complete(record);
    }
  }

  /** How many executions are awaited here. */
  int size() {
    return waiting.size();
  }

  /**
   * Reads the state of every awaited execution (one query) and wakes the joiners of those that
   * ended or are no longer stored. Blocks; a storage failure is logged (the next pass tries again).
   */
  void recheck() {
    Set<String> ids = Set.copyOf(waiting.keySet());
    if (ids.isEmpty() || closed) {
      return;
    }
    try {
      List<ExecutionRecord> found = executions.findAll(ids);
      Set<String> known = new java.util.HashSet<>();
      for (ExecutionRecord r : found) {
        known.add(r.executionId());
        if (r.status().isFinished()) {
          ended(r.executionId(), Optional.empty());
        }
      }
      for (String id : ids) {
        if (!known.contains(id)) {
          ended(id, Optional.empty()); // purged (or never stored): the joiner reads and says so
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("re-reading awaited workflow executions failed: {}", e.toString());
    }
  }

  /** Fails every waiting joiner: the node closes. */
  void close() {
    closed = true;
    CrusterException failure = closedFailure();
    waiting.values().forEach(f -> f.completeExceptionally(failure));
    waiting.clear();
  }

  private static CrusterException closedFailure() {
    return new CrusterException(
        "the cluster node closed while waiting for a workflow execution to end");
  }
}
