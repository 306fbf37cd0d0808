package io.cruster.actors;

/**
 * A message that could not be delivered or handled.
 *
 * @param message the message
 * @param recipient the path of the actor it was meant for
 * @param reason why it was not delivered
 */
public record DeadLetter(Object message, ActorPath recipient, Reason reason) {

  /** Why a message became a dead letter. */
  public enum Reason {
    /** The recipient had stopped (or stopped before reaching the message). */
    RECIPIENT_STOPPED,
    /** The recipient's behavior returned {@code Behaviors.unhandled()} for it. */
    UNHANDLED,
    /** It was stashed or buffered and dropped (stash cleared, backoff stash full). */
    DROPPED
  }
}
