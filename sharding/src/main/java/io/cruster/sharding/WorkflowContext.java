package io.cruster.sharding;

import java.time.Duration;

/**
 * The context of a workflow: each call below is a journaled step. On replay a step returns its
 * journaled outcome instead of running again; a step whose kind or tag differs from the journal's
 * fails the execution with {@link NonDeterminismException}. Blocking here is cheap (a virtual
 * thread) and holds no lock: the entity keeps serving rpcs, activities and other workflows
 * meanwhile.
 *
 * @param <S> the state type of the entity (or of the trait that declares the handler)
 */
public interface WorkflowContext<S> extends EntityContext {

  /**
   * Runs an activity of this entity (or of its traits) once, and returns its result; on replay
   * returns the journaled result. Calling the same activity twice runs it twice.
   *
   * @throws EntityException if the activity threw; that outcome is journaled too
   */
  <R> R run(Activity<R> activity);

  /**
   * Sleeps durably: the wake-up time is journaled, so a restarted execution sleeps only what is
   * left.
   */
  void sleep(Duration duration);

  /** Waits until the deferred is resolved (at once if it already is) and returns its value. */
  <T> T await(Deferred<T> deferred);

  /** Resolves a deferred of this entity (a journaled step); the first value wins. */
  <T> void resolve(Deferred<T> deferred, T value);

  /** Empties a deferred slot of this entity (a journaled step). */
  void clear(Deferred<?> deferred);

  /** A token anyone may use to resolve {@code deferred} of this entity. */
  <T> DeferredToken<T> deferredToken(Deferred<T> deferred);

  /** The id of this execution; stable across replays and retries. */
  String executionId();

  /** Whether the workflow is replaying journaled steps (useful to silence logs). */
  boolean isReplaying();
}
