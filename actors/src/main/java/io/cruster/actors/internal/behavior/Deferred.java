package io.cruster.actors.internal.behavior;

import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;

/** {@code Behaviors.setup}: a factory run with the context when the actor starts or restarts. */
public record Deferred<T>(Behaviors.Factory<T> factory) implements Behavior<T> {}
