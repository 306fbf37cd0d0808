package io.cruster.sharding.internal;

import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.StoredState;
import io.cruster.sharding.ActivityHandler;
import io.cruster.sharding.StepTimeoutException;
import io.cruster.sharding.spi.Observation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the activities of one entity on a working copy of its state, then commits state, trait
 * state, deferreds and the outcome (a reply or a journal entry) in one storage commit. A handler
 * failure commits only the failure; a storage failure commits nothing, leaves the committed state
 * as it was, and marks the instance stale so the next activity reads the state again first.
 *
 * <p>Used only on the entity's actor thread, one activity at a time.
 */
final class ActivityRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityRunner.class);
  private final EntityInstance instance;

  /** Whether the committed state may be behind the database (after a commit failed). */
  private boolean stale;

  ActivityRunner(EntityInstance instance) {
    this.instance = instance;
  }

  /** How an activity's outcome is recorded in its commit: as a reply or as a journal entry. */
  interface Outcome {
    void record(boolean success, byte[] bytes);
  }

  /**
   * What an activity came to: its value or failure, and whether that outcome was committed (false:
   * storage failed, nothing changed, the delivery may be retried).
   */
  record StepResult(Object value, RuntimeException failure, boolean committed) {}

  /**
   * Runs an activity on a working copy, then commits its state changes and outcome together. A
   * handler failure commits only the failure; a storage failure commits nothing and leaves the
   * committed state as it was. Nothing runs, and the failure is a {@link RuntimeClosedException},
   * when this node may no longer run the entity's work ({@link EntityInstance#lost()}).
   */
  StepResult run(HandlerDef def, Object message, Commit.Builder commit, Outcome outcome) {
    return run(def, message, commit, Optional.empty(), true, outcome);
  }

  /**
   * As {@link #run(HandlerDef, Object, Commit.Builder, Outcome)}, for an attempt of a workflow
   * step: nothing is committed when the attempt outlives {@code deadline} (it fails with {@link
   * StepTimeoutException}, its own SQL rolled back), nor the failure of an attempt that is not the
   * {@code last} (a retry follows). Either comes back as an uncommitted failure.
   */
  @SuppressWarnings("unchecked")
  StepResult run(
      HandlerDef def,
      Object message,
      Commit.Builder commit,
      Optional<Instant> deadline,
      boolean last,
      Outcome outcome) {
    if (pastDeadline(deadline)) {
      return new StepResult(null, timedOut(def, deadline.get()), false);
    }
    if (stale) {
      // A commit failed without a clear outcome (the connection died around COMMIT): the database
      // may hold a newer
      // version than this instance knows. Read it again before building on it.
      try {
        instance.committed = instance.runtime.loadState(instance);
        stale = false;
      } catch (RuntimeException e) {
        return new StepResult(null, e, false);
      }
    }
    if (instance.lost()) {
      // Checked again right before the handler: a pause may have passed the lease deadline
      // since the delivery was taken from the mailbox (a storage read came in between).
      return new StepResult(null, RuntimeClosedException.lost(instance.shard), false);
    }
    Snapshot before = instance.committed;
    ActivityContextImpl.Work work = new ActivityContextImpl.Work(before);
    try {
      Object result;
      try {
        result =
            ((ActivityHandler<Object, Object, Object>) def.handler())
                .handle(new ActivityContextImpl(instance, def.trait(), work), message);
      } catch (Throwable t) {
        Thread.interrupted();
        closeSql(work); // the activity's own SQL rolls back with it
        RuntimeException failure = Failures.asCallFailure(instance.address + " " + def.tag(), t);
        if (pastDeadline(deadline)) {
          return new StepResult(null, timedOut(def, deadline.get()), false);
        }
        if (!last) {
          return new StepResult(null, failure, false);
        }
        return commitFailure(def, commit, outcome, failure);
      }
      if (pastDeadline(deadline)) {
        closeSql(work);
        return new StepResult(null, timedOut(def, deadline.get()), false);
      }
      try {
        outcome.record(true, instance.type.model().serializer().toBytes(result));
        boolean changed = work.state != before.state() || !work.traits.equals(before.traits());
        Snapshot next = before;
        if (changed) {
          next = new Snapshot(work.state, Map.copyOf(work.traits), before.version() + 1);
          commit.state(new StateWrite(instance.address, encode(next)));
        }
        work.deferreds.forEach(commit::deferred);
        commit(def, work, commit.build());
        instance.committed = next;
        work.resolvedNames.forEach(instance::deferredResolved);
        return new StepResult(result, null, true);
      } catch (RuntimeException e) {
        LOG.warn("{}: {} could not be committed", instance.address, def.tag(), e);
        stale = true;
        return new StepResult(null, e, false);
      }
    } finally {
      closeSql(work);
    }
  }

  private boolean pastDeadline(Optional<Instant> deadline) {
    return deadline.isPresent() && !instance.runtime.now().isBefore(deadline.get());
  }

  private StepTimeoutException timedOut(HandlerDef def, Instant deadline) {
    return new StepTimeoutException(
        instance.address
            + " "
            + def.tag()
            + " did not finish by its step deadline "
            + deadline
            + "; nothing of it was committed");
  }

  /**
   * Commits {@code c} (in the activity's own SQL transaction, if it opened one), observed as a
   * commit under the activity.
   */
  private void commit(
      HandlerDef def, ActivityContextImpl.Work work, io.cruster.persistence.spi.Commit c) {
    Observation o =
        instance
            .runtime
            .instrumentation()
            .commit(instance.type.name(), instance.address.entityId(), def.tag());
    try {
      if (work != null && work.sql != null) {
        work.sql.commit(c);
      } else {
        instance.runtime.storage().commit(c);
      }
    } catch (RuntimeException e) {
      o.end(e);
      throw e;
    }
    o.end(null);
  }

  private static void closeSql(ActivityContextImpl.Work work) {
    if (work.sql != null) {
      work.sql.close();
      work.sql = null;
    }
  }

  private StepResult commitFailure(
      HandlerDef def, Commit.Builder commit, Outcome outcome, RuntimeException failure) {
    try {
      outcome.record(false, Failures.bytes(instance.type.model().serializer(), failure));
      commit(def, null, commit.build());
      return new StepResult(null, failure, true);
    } catch (RuntimeException e) {
      LOG.warn("{}: the failure of an activity could not be recorded", instance.address, e);
      return new StepResult(null, e, false);
    }
  }

  StoredState encode(Snapshot s) {
    Map<String, byte[]> traits = new HashMap<>();
    s.traits()
        .forEach(
            (name, value) -> traits.put(name, instance.type.model().serializer().toBytes(value)));
    return new StoredState(
        instance.type.model().serializer().toBytes(s.state()), traits, s.version());
  }
}
