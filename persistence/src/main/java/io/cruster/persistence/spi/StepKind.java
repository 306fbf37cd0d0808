package io.cruster.persistence.spi;

/** What a workflow step did; checked on replay together with the step's tag. */
public enum StepKind {
  /** Ran an activity of the entity. */
  ACTIVITY,
  /** Slept on a durable timer. */
  SLEEP,
  /** Awaited a deferred. */
  AWAIT,
  /** Called another entity. */
  CALL,
  /** Ran a journaled side effect. */
  SIDE_EFFECT,
  /**
   * A patch marker ({@code ctx.patched(id)}): the execution reached this point on code that had the
   * patch; the tag names the patch.
   */
  PATCH,
  /**
   * The execution's cancellation was raised here; later steps are its compensation. The result
   * holds the serialized reason.
   */
  CANCEL
}
