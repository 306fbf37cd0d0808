package io.cruster.actors;

/**
 * How an actor reacts to its next message: a value, created with {@link Behaviors}. A handler
 * returns the behavior for the message after it, which is how an actor changes state without
 * mutable fields.
 *
 * <p>Behaviors are immutable and may be shared by many actors. Only the factories in {@link
 * Behaviors} create them; this interface is not meant to be implemented outside Cruster.
 *
 * @param <T> the type of messages the actor accepts
 */
public interface Behavior<T> {}
