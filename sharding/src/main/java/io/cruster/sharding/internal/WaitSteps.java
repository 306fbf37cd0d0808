package io.cruster.sharding.internal;

import io.cruster.actors.spi.Serializer;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.persistence.spi.TimerRecord;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.WorkflowCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The steps of a {@link WorkflowRun} that wait: a durable sleep, an await of a deferred, a call to
 * another entity. Each wait ends early on a cancellation, which is raised at that step; the
 * execution's status changes ride on the writes the step makes anyway (the sleep's journal entry
 * sets SLEEPING, the commit deleting the timer at wake-up RUNNING; the slot read of an await sets
 * AWAITING while it is empty, its journal entry RUNNING). Stateless; runs on the workflow's thread.
 */
final class WaitSteps {
  private WaitSteps() {}

  static void sleep(WorkflowRun run, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    EntityInstance instance = run.instance;
    String executionId = run.executionId();
    String timerId = executionId + "/" + (run.log.step() + 1);
    Instant wakeAt =
        (Instant)
            run.step(
                StepKind.SLEEP,
                "sleep",
                () -> {
                  Instant at = instance.runtime.now().plus(duration);
                  return run.commit(
                      StepKind.SLEEP,
                      "sleep",
                      at,
                      run.instance
                          .newCommit()
                          .timer(
                              new TimerRecord(
                                  timerId,
                                  instance.address,
                                  instance.shard,
                                  executionId,
                                  run.log.step(),
                                  at))
                          .execution(new ExecutionUpdate(executionId, ExecutionStatus.SLEEPING)));
                });
    try {
      run.log.cancelledAfterThisStep();
    } catch (WorkflowCancelledException replayed) {
      run.cancellation.markRaised();
      throw replayed;
    }
    if (run.log.nextIsRecorded()) {
      return; // replaying past a sleep that ended back then
    }
    Duration left = Duration.between(instance.runtime.now(), wakeAt);
    boolean cancelled =
        left.isPositive()
            ? run.waitOrCancel(new CompletableFuture<Void>(), left)
            : run.cancellation.pending();
    if (cancelled) {
      run.log.advance();
      throw run.raise(run.instance.newCommit().deleteTimer(timerId));
    }
    instance.checkServed(); // the timer fired: go on only if the shard is still served here
    // A commit like any other (fenced, batched with concurrent writes): a burst of wake-ups shares
    // transactions. A cancellation recorded meanwhile reaches the run by notification (or the
    // re-read after a missed one) and is raised at its next step.
    run.storage()
        .commit(
            instance
                .newCommit()
                .deleteTimer(timerId)
                .execution(new ExecutionUpdate(executionId, ExecutionStatus.RUNNING))
                .build());
  }

  static <T> T await(WorkflowRun run, Deferred<T> deferred) {
    Objects.requireNonNull(deferred, "deferred");
    EntityInstance instance = run.instance;
    String executionId = run.executionId();
    String tag = "await:" + deferred.name();
    Object value =
        run.step(
            StepKind.AWAIT,
            tag,
            () -> {
              boolean waited = false;
              while (true) {
                CompletableFuture<Void> signal = instance.deferredSignal(deferred.name());
                Optional<byte[]> stored =
                    run.storage()
                        .executions()
                        .awaitDeferred(
                            executionId, instance.address, deferred.name(), instance.fence());
                if (stored.isPresent()) {
                  Commit.Builder with = run.instance.newCommit();
                  if (waited) {
                    with.execution(new ExecutionUpdate(executionId, ExecutionStatus.RUNNING));
                  }
                  return run.commit(
                      StepKind.AWAIT, tag, run.serializer().fromBytes(stored.get()), with);
                }
                waited = true;
                // Woken by a local resolve; the poll interval covers one made by another node.
                if (run.waitOrCancel(signal, instance.runtime.config().storagePollInterval())) {
                  throw run.raise(run.instance.newCommit());
                }
              }
            });
    return deferred.type().cast(value);
  }

  /**
   * A call to another entity as a journaled step, its outcome written with the callee's serializer;
   * the idempotency key (execution and step) makes a call re-sent after a crash return the first
   * one's reply. Waiting for the reply ends on a cancellation, which is raised at this step (the
   * call itself goes on).
   */
  static Object call(
      WorkflowRun run,
      String tag,
      Serializer codec,
      Function<String, CompletableFuture<Object>> call) {
    String executionId = run.executionId();
    return run.step(
        StepKind.CALL,
        tag,
        codec,
        () -> {
          // The key makes a call re-sent after a crash return the first one's reply; a new attempt
          // gets a new key, so a call whose failure made the previous attempt fail is really made
          // again.
          String key =
              executionId + "/" + run.log.step() + (run.attempt > 1 ? "/a" + run.attempt : "");
          CompletableFuture<Object> reply = call.apply(key);
          if (run.waitOrCancel(reply, null)) {
            throw run.raise(run.instance.newCommit());
          }
          Object result;
          try {
            result = reply.join();
          } catch (CompletionException | CancellationException wrapped) {
            RuntimeException cause = Failures.unwrapToRuntime(wrapped);
            if (!(cause instanceof EntityException e)) {
              throw cause;
            }
            JournalEntry failed =
                new JournalEntry(
                    executionId,
                    run.log.step(),
                    StepKind.CALL,
                    tag,
                    Failures.bytes(codec, e),
                    true,
                    run.instance.runtime.now());
            run.storage().commit(run.instance.newCommit().journal(failed).build());
            return failed;
          }
          return run.commit(StepKind.CALL, tag, codec.toBytes(result), run.instance.newCommit());
        });
  }
}
