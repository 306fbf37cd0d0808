package io.cruster.actors;

import java.util.function.Consumer;

/**
 * A bounded buffer of messages an actor sets aside to handle later, from {@link
 * Behaviors#withStash}: typical while it waits for initialization. {@link #unstashAll(Behavior)}
 * replays them, oldest first, through the given behavior before any new message. Use it only from
 * the actor's own handlers (not thread-safe).
 */
public interface StashBuffer<T> {

  /**
   * Adds a message.
   *
   * @throws StashOverflowException when the buffer is full
   */
  StashBuffer<T> stash(T message);

  /**
   * Replays every stashed message, oldest first, through {@code behavior} (and the behaviors it
   * returns), then continues with the last one. Returns the behavior to return from the handler.
   */
  Behavior<T> unstashAll(Behavior<T> behavior);

  boolean isEmpty();

  boolean isFull();

  int size();

  int capacity();

  /** Visits the stashed messages, oldest first, without removing them. */
  void forEach(Consumer<T> action);

  /** Drops every stashed message (they go to dead letters). */
  void clear();
}
