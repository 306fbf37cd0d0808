package io.cruster.actors;

/**
 * A lifecycle event delivered to a behavior's {@code onSignal} handlers: {@link PreRestart}, {@link
 * PostStop}, {@link Terminated} and {@link ChildFailed}. Signals bypass the mailbox's capacity.
 */
public interface Signal {}
