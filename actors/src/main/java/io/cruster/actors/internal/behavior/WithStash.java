package io.cruster.actors.internal.behavior;

import io.cruster.actors.Behavior;
import io.cruster.actors.StashBuffer;
import java.util.function.Function;

/** {@code Behaviors.withStash}: started with a fresh stash buffer of {@code capacity} messages. */
public record WithStash<T>(int capacity, Function<StashBuffer<T>, Behavior<T>> factory)
    implements Behavior<T> {}
