package io.cruster.actors;

import java.time.Duration;

/**
 * The address of an actor: the only way to send it messages. Refs are cheap, immutable, thread-safe
 * and may be shared freely; they stay valid after the actor stops (messages then go to dead
 * letters).
 *
 * <p>Not meant to be implemented outside Cruster.
 *
 * @param <T> the type of messages the actor accepts
 */
public interface ActorRef<T> {

  /**
   * Sends a message without waiting. Never blocks. Messages from one sender to one recipient arrive
   * in the order they were sent.
   *
   * @throws MailboxFullException when the recipient's bounded mailbox is full; the message was not
   *     enqueued
   * @throws InvalidMessageException when {@code message} is null
   */
  void tell(T message);

  /**
   * Sends a message, waiting up to {@code timeout} for room in a full mailbox (backpressure).
   * Blocks the calling thread, which is cheap on a virtual thread.
   *
   * @throws MailboxFullException when there was still no room after {@code timeout}
   */
  void tell(T message, Duration timeout);

  /** The actor's path, such as {@code cruster://orders/user/cart-1}. */
  ActorPath path();

  /** This ref seen as accepting a narrower message type; no copy, no check. */
  @SuppressWarnings("unchecked")
  default <U extends T> ActorRef<U> narrow() {
    return (ActorRef<U>) this;
  }

  /** This ref cast to another message type, for adapters that know better than the compiler. */
  @SuppressWarnings("unchecked")
  default <U> ActorRef<U> unsafeUpcast() {
    return (ActorRef<U>) this;
  }
}
