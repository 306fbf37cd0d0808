package io.cruster.sharding.internal;

import io.cruster.persistence.spi.CancelRequest;
import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow executions of one node: those running here (so a cancellation reaches them), the
 * joiners waiting here ({@link JoinWaiters}), and the storage notifications that connect both to
 * the rest of the cluster. A cancellation is recorded in storage first, then handed to the run if
 * it runs here; every other runner hears of it from storage ({@code NOTIFY}) and hands it to its
 * run, if it has it; a run that starts later reads it with its journal. Thread-safe.
 */
final class WorkflowControl implements ExecutionListener {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowControl.class);
  private final EntityRuntime runtime;
  private final Map<String, WorkflowRun> runs = new ConcurrentHashMap<>();

  /**
   * Executions whose cancellation was heard of here while no run of theirs was registered: a run
   * starting from a request saved just now skips reading its journal unless its id is here. Only
   * the moment between a save and its run's start matters, so the most recent ids suffice.
   */
  private final Set<String> cancelledBeforeStart =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > CANCELLED_BEFORE_START_KEPT;
                }
              }));

  private static final int CANCELLED_BEFORE_START_KEPT = 4096;
  final JoinWaiters joins;
  private final WorkflowsImpl api;
  private volatile ExecutionStore.Subscription subscription;
  private final java.util.concurrent.locks.ReentrantLock lock =
      new java.util.concurrent.locks.ReentrantLock();
  private boolean closed;

  WorkflowControl(EntityRuntime runtime) {
    this.runtime = runtime;
    this.joins = new JoinWaiters(runtime.storage().executions());
    this.api = new WorkflowsImpl(runtime, this);
  }

  /**
   * Starts listening to the storage's execution events: when the node starts, or when a handle
   * first waits here (a node that only follows executions, never started). Idempotent.
   */
  void start() {
    if (subscription != null) {
      return;
    }
    lock.lock();
    try {
      if (subscription == null && !closed) {
        subscription = store().subscribe(this);
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    ExecutionStore.Subscription s = subscription;
    if (s != null) {
      s.close();
    }
    joins.close();
  }

  ExecutionStore store() {
    return runtime.storage().executions();
  }

  WorkflowsImpl api() {
    return api;
  }

  /** {@code run} runs here from now on. */
  void running(String executionId, WorkflowRun run) {
    runs.put(executionId, run);
  }

  /**
   * Whether a cancellation of {@code executionId} was heard of before its run, registered with
   * {@link #running} first, asked; forgets it. A cancellation heard of from now on reaches the run.
   */
  boolean cancelHeardOfBeforeStart(String executionId) {
    return cancelledBeforeStart.remove(executionId);
  }

  /**
   * The run of {@code executionId} here, to hand a cancellation to; when there is none yet, the
   * cancellation is noted for a run about to start, and the run is looked up once more (it may have
   * registered meanwhile, before it asked). Null when it does not run here.
   */
  private WorkflowRun runToCancel(String executionId) {
    WorkflowRun run = runs.get(executionId);
    if (run != null) {
      return run;
    }
    cancelledBeforeStart.add(executionId);
    return runs.get(executionId);
  }

  /** {@code run} stopped running here. */
  void stopped(String executionId, WorkflowRun run) {
    runs.remove(executionId, run);
  }

  /** The execution ended here with {@code record}: its joiners here get it without a read. */
  void endedHere(ExecutionRecord record) {
    joins.ended(record.executionId(), Optional.of(record));
  }

  /**
   * Records a cancellation and hands it to the run if it runs here.
   *
   * @return whether this call cancelled it
   */
  boolean cancel(String executionId, String reason) {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException(
          "a cancellation needs a reason (execution " + executionId + ")");
    }
    if (!store().requestCancel(executionId, reason, runtime.now())) {
      return false;
    }
    WorkflowRun run = runToCancel(executionId);
    if (run != null) {
      run.cancel(reason);
    }
    return true;
  }

  // ---- storage events (on the storage's notification thread: hand work to virtual threads)

  @Override
  public void ended(String executionId) {
    joins.ended(executionId, Optional.empty());
  }

  @Override
  public void cancelRequested(String executionId) {
    WorkflowRun run = runToCancel(executionId);
    if (run == null) {
      return; // not here; a run that starts later reads it with its journal
    }
    Thread.ofVirtual()
        .name("cruster-cancel")
        .start(
            () -> {
              try {
                store()
                    .find(executionId)
                    .flatMap(ExecutionRecord::cancel)
                    .map(CancelRequest::reason)
                    .ifPresent(run::cancel);
              } catch (RuntimeException e) {
                LOG.warn("reading the cancellation of execution {} failed", executionId, e);
              }
            });
  }

  @Override
  public void missed() {
    Thread.ofVirtual().name("cruster-execution-recheck").start(this::recheck);
  }

  /**
   * Re-reads what notifications would have said: ended executions awaited here, cancellations of
   * executions running here. Blocks; failures are logged.
   */
  void recheck() {
    joins.recheck();
    if (runs.isEmpty()) {
      return;
    }
    try {
      for (ExecutionRecord r : store().findAll(Set.copyOf(runs.keySet()))) {
        WorkflowRun run = runs.get(r.executionId());
        if (run != null) {
          r.cancel().map(CancelRequest::reason).ifPresent(run::cancel);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("re-reading cancellations of running workflows failed: {}", e.toString());
    }
  }
}
