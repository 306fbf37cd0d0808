package io.cruster.actors.internal;

/**
 * Messages between cells that bypass the mailbox capacity and are handled before user messages:
 * lifecycle (start, stop, restart after backoff) and death watch.
 */
sealed interface SystemMessage {

  /** Start the deferred initial behavior. */
  enum Start implements SystemMessage {
    INSTANCE
  }

  /** Stop (from the parent or the system). */
  enum Stop implements SystemMessage {
    INSTANCE
  }

  /** A supervisor's backoff elapsed: restart now. */
  record RestartAfterBackoff(int generation) implements SystemMessage {}

  /** {@code watcher} wants to know when the recipient stops. */
  record Watch(ActorCell<?> watcher) implements SystemMessage {}

  /** {@code watcher} no longer wants to know. */
  record Unwatch(ActorCell<?> watcher) implements SystemMessage {}

  /** {@code cell} has stopped; {@code failure} is why, or null for a normal stop. */
  record DeathNotification(ActorCell<?> cell, Throwable failure) implements SystemMessage {}
}
