package io.cruster.actors.internal;

/**
 * Messages the runtime puts in a user mailbox on the actor's own behalf (timer ticks, adapted
 * replies): the cell unwraps them on the actor's thread before the behavior sees anything.
 */
interface InternalMessage {

  /**
   * The message to hand to the behavior, or null to drop it (a stale timer). Runs on the actor's
   * thread, so adapter functions and their failures belong to the actor.
   */
  Object unwrap(ActorCell<?> cell) throws Exception;
}
