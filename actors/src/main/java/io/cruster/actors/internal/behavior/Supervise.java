package io.cruster.actors.internal.behavior;

import io.cruster.actors.Behavior;
import io.cruster.actors.SupervisorStrategy;

/**
 * {@code Behaviors.supervise(...).onFailure(...)}: the interpreter records the strategy when it
 * starts this behavior and restarts from {@code behavior} when a handler throws an instance of
 * {@code type}.
 */
public record Supervise<T>(
    Behavior<T> behavior, Class<? extends Throwable> type, SupervisorStrategy strategy)
    implements Behavior<T> {}
