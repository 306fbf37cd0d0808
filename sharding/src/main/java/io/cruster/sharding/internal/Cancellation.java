package io.cruster.sharding.internal;

import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.WorkflowCancelledException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The cancellation of one workflow execution as its run sees it: requested (by {@link #request},
 * from any thread: the first reason wins, and the wait in progress ends), then raised once in the
 * workflow ({@link #raise}: a CANCEL marker at the step where it happens, so a replay raises it at
 * the same step). Waits of the run go through {@link #waitOrCancel}, which a request ends.
 *
 * <p>Thread-safe for {@link #request}; everything else runs on the workflow's thread.
 */
final class Cancellation {
  private volatile String reason;
  private volatile CompletableFuture<Void> currentWait;
  private boolean raised;

  /** Requests the cancellation: the current wait ends, the next step or wait raises it. */
  void request(String why) {
    if (reason == null) {
      reason = why;
    }
    CompletableFuture<Void> w = currentWait;
    if (w != null) {
      w.complete(null);
    }
  }

  /** A new attempt of the run: a cancellation raised before is raised again by its replay. */
  void newAttempt() {
    raised = false;
  }

  /** Whether a cancellation is requested and not raised yet. */
  boolean pending() {
    return reason != null && !raised;
  }

  /** Whether the cancellation was raised in this attempt (from a marker replayed, or live). */
  boolean raised() {
    return raised;
  }

  void markRaised() {
    raised = true;
  }

  String reason() {
    return reason;
  }

  /**
   * Waits until {@code f} completes, {@code max} passes on the cluster clock (null: no limit) or a
   * cancellation is pending; returns whether a cancellation is pending (and {@code f} not done).
   */
  boolean waitOrCancel(Waits waits, CompletableFuture<?> f, Duration max) {
    CompletableFuture<Void> any = new CompletableFuture<>();
    currentWait = any;
    try {
      if (!pending()) {
        f.whenComplete((v, e) -> any.complete(null));
        if (max == null) {
          waits.await(any);
        } else {
          waits.awaitAtMost(any, max);
        }
      }
    } finally {
      currentWait = null;
    }
    return pending() && !f.isDone();
  }

  /**
   * Raises the pending cancellation at step {@code step} of {@code run}: records its CANCEL marker
   * there (with {@code with}'s writes, and the status back to RUNNING) and returns the exception to
   * throw.
   */
  WorkflowCancelledException raise(WorkflowRun run, int step, Commit.Builder with) {
    String why = reason;
    raised = true;
    JournalEntry marker =
        new JournalEntry(
            run.executionId(),
            step,
            StepKind.CANCEL,
            StepLog.CANCEL_TAG,
            why.getBytes(StandardCharsets.UTF_8),
            false,
            run.instance.runtime.now());
    run.instance
        .runtime
        .storage()
        .commit(
            with.journal(marker)
                .execution(new ExecutionUpdate(run.executionId(), ExecutionStatus.RUNNING))
                .build());
    return StepLog.cancelled(run.subject(), why);
  }
}
