package io.cruster.actors.internal.behavior;

import io.cruster.actors.Behavior;
import io.cruster.actors.TimerScheduler;
import java.util.function.Function;

/** {@code Behaviors.withTimers}: started with the actor's timer scheduler. */
public record WithTimers<T>(Function<TimerScheduler<T>, Behavior<T>> factory)
    implements Behavior<T> {}
