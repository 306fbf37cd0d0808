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
  SIDE_EFFECT
}
