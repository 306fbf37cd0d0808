package io.cruster.sharding;

import java.time.Duration;

/**
 * The context of a workflow: each call below is a journaled step. On replay a step returns its
 * journaled outcome instead of running again; a step whose kind or tag differs from the journal's
 * fails the execution with {@link NonDeterminismException}. Blocking here is cheap (a virtual
 * thread) and holds no lock: the entity keeps serving rpcs, activities and other workflows
 * meanwhile.
 *
 * <p>When the execution is cancelled ({@link WorkflowHandle#cancel}), its current or next durable
 * wait ({@code run}, {@code sleep}, {@code await}, a call through {@link #client} or {@link #self})
 * throws {@link WorkflowCancelledException}, once; the workflow may then run compensating
 * activities in {@code catch} or {@code finally} (journaled like any step) and ends CANCELLED when
 * it throws. An activity already running when the cancellation arrives finishes first.
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
   * As {@link #run(Activity)}, with a timeout per attempt and a retry policy of the step's own: an
   * attempt that outlives the timeout fails with {@link StepTimeoutException} (what it changed is
   * not committed), a failed attempt is tried again after the policy's backoff, and only the last
   * attempt's failure is journaled and thrown here.
   *
   * @throws EntityException if the last attempt's activity threw
   * @throws StepTimeoutException if the last attempt timed out
   */
  <R> R run(Activity<R> activity, StepOptions options);

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

  /**
   * Whether this execution runs the code of patch {@code patchId}: for changing a workflow's code
   * while executions of the old code are in flight. {@code if (ctx.patched("charge-with-tax")) {
   * new } else { old }}. An execution that reaches this point on new code records a patch marker (a
   * journal step) and takes the new branch, also on every replay; one replaying a journal written
   * before the patch existed takes the old branch. Once no execution of the old code remains,
   * replace the call with {@link #deprecatePatch} (and drop the old branch).
   *
   * @throws IllegalArgumentException if {@code patchId} is blank
   */
  boolean patched(String patchId);

  /**
   * Marks where {@link #patched(String) patched(patchId)} stood, once no execution that did not
   * record the patch remains: executions that recorded its marker still replay; new ones record
   * nothing here. Remove the call once those are gone too.
   *
   * @throws IllegalArgumentException if {@code patchId} is blank
   */
  void deprecatePatch(String patchId);

  /** The id of this execution; stable across replays and retries. */
  String executionId();

  /** Whether the workflow is replaying journaled steps (useful to silence logs). */
  boolean isReplaying();
}
