package io.cruster.sharding;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded step of a workflow execution, as {@link Workflows#describe} shows it. A step starts
 * when the workflow asks for it (when the step before ended, or when the execution started) and
 * ends when its outcome is recorded; a sleep is recorded when it begins and ends at its wake-up
 * time. Immutable.
 *
 * @param number the step number, from 1
 * @param kind what the step did
 * @param tag what it ran: the activity's message tag, {@code sleep}, {@code await:<deferred>}, a
 *     call's target, a patch's id
 * @param startedAt when it started
 * @param endedAt when it ended; empty while a sleep is still going on
 * @param failed whether its outcome is a failure (the workflow saw an exception there)
 * @param payloadBytes the size of its recorded result (or error), in bytes
 */
public record WorkflowStep(
    int number,
    Kind kind,
    String tag,
    Instant startedAt,
    Optional<Instant> endedAt,
    boolean failed,
    int payloadBytes) {

  /** What a step did. */
  public enum Kind {
    /** Ran an activity of the entity ({@code ctx.run}). */
    ACTIVITY,
    /** Slept durably ({@code ctx.sleep}). */
    SLEEP,
    /** Awaited a deferred ({@code ctx.await}). */
    AWAIT,
    /** Called or notified another entity. */
    CALL,
    /** Resolved or cleared a deferred. */
    SIDE_EFFECT,
    /** A patch marker ({@code ctx.patched}). */
    PATCH,
    /** Where the execution's cancellation was raised. */
    CANCEL
  }

  /** Checks the fields. */
  public WorkflowStep {
    if (number < 1) {
      throw new IllegalArgumentException("a step number is >= 1, was " + number);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
  }
}
