package io.cruster.sharding.internal;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.StepOptions;
import io.cruster.sharding.StepTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The live run of an activity step with its {@link StepOptions}: attempts on the entity's actor,
 * each bounded by the step's timeout (on the cluster clock), retried after the policy's backoff.
 * Only the last attempt's failure is journaled; an attempt that outlives its deadline commits
 * nothing (the actor checks the deadline before it commits). A timed-out attempt may still have
 * committed at the last moment, so the journal decides: before another attempt, and when the last
 * one's timeout is journaled, the step's recorded entry wins. Stateless; runs on the workflow's
 * thread.
 */
final class ActivityStep {
  private ActivityStep() {}

  static JournalEntry run(
      WorkflowRun run, HandlerDef target, Object activity, StepOptions options) {
    RetryPolicy policy = options.retry();
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= policy.maxAttempts();
      Optional<Instant> deadline = options.timeout().map(run.instance.runtime.now()::plus);
      CompletableFuture<JournalEntry> committed = run.attempt(target, activity, deadline, last);
      // A running activity finishes first, cancelled or not: not a cancellable wait.
      CompletableFuture<Object> settled = committed.handle((e, failure) -> null);
      if (options.timeout().isPresent()) {
        run.instance.waits.awaitAtMost(settled, options.timeout().get());
      } else {
        run.instance.waits.await(settled);
      }
      if (committed.isDone() && !committed.isCompletedExceptionally()) {
        return committed.join(); // a success, or the last attempt's failure
      }
      RuntimeException failure = failureOf(committed, run, target, options.timeout());
      if (last) {
        return journalFailure(run, target, failure);
      }
      if (run.waitOrCancel(new CompletableFuture<Void>(), policy.backoffAfter(attempt))) {
        throw run.raise(run.instance.newCommit());
      }
      Optional<JournalEntry> late = recorded(run);
      if (late.isPresent()) {
        return late.get(); // a timed-out attempt committed after all
      }
    }
  }

  /** Why an attempt that did not commit a success failed: its exception, or the timeout. */
  private static RuntimeException failureOf(
      CompletableFuture<JournalEntry> committed,
      WorkflowRun run,
      HandlerDef target,
      Optional<Duration> timeout) {
    if (committed.isDone()) {
      try {
        committed.join();
      } catch (RuntimeException e) {
        RuntimeException cause = Failures.unwrapToRuntime(e);
        if (cause instanceof EntityException || cause instanceof StepTimeoutException) {
          return cause;
        }
        throw cause; // storage or infrastructure: this attempt of the workflow fails
      }
    }
    return new StepTimeoutException(
        run.instance.address
            + " "
            + target.tag()
            + " (step "
            + run.step()
            + " of execution "
            + run.executionId()
            + ") did not finish within its timeout of "
            + timeout.orElseThrow());
  }

  /** Journals the last attempt's failure; a success committed meanwhile wins. */
  private static JournalEntry journalFailure(
      WorkflowRun run, HandlerDef target, RuntimeException failure) {
    JournalEntry failed =
        new JournalEntry(
            run.executionId(),
            run.step(),
            StepKind.ACTIVITY,
            target.tag(),
            Failures.bytes(run.codec(), failure),
            true,
            run.instance.runtime.now());
    try {
      run.instance.runtime.storage().commit(run.instance.newCommit().journal(failed).build());
      return failed;
    } catch (StorageException conflict) {
      return recorded(run).orElseThrow(() -> conflict);
    }
  }

  private static Optional<JournalEntry> recorded(WorkflowRun run) {
    return run.instance.runtime.storage().journal().entries(run.executionId()).stream()
        .filter(e -> e.step() == run.step())
        .findFirst();
  }
}
