package io.cruster.actors.internal.behavior;

import io.cruster.actors.ActorContext;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import java.util.List;
import java.util.function.Predicate;

/**
 * A behavior that handles messages and signals by trying its cases in order. {@link #receive} and
 * {@link #receiveSignal} return {@code null} when no case matches (the caller treats it as
 * unhandled).
 */
public final class Receive<T> implements Behavior<T> {
  private final Case<T>[] messageCases;
  private final Case<T>[] signalCases;

  @SuppressWarnings("unchecked")
  public Receive(List<Case<T>> messageCases, List<Case<T>> signalCases) {
    this.messageCases = (Case<T>[]) messageCases.toArray(new Case<?>[0]);
    this.signalCases = (Case<T>[]) signalCases.toArray(new Case<?>[0]);
  }

  /** A behavior with one handler for every message and no signal handler. */
  @SuppressWarnings("unchecked")
  public static <T> Receive<T> of(Behaviors.Handler<T, T> handler) {
    Case<T> any =
        new Case<>(
            Object.class,
            m -> true,
            (Behaviors.Handler<T, Object>) (Behaviors.Handler<T, ?>) handler);
    return new Receive<>(List.of(any), List.of());
  }

  public Behavior<T> receive(ActorContext<T> ctx, Object message) throws Exception {
    return dispatch(messageCases, ctx, message);
  }

  public Behavior<T> receiveSignal(ActorContext<T> ctx, Object signal) throws Exception {
    return dispatch(signalCases, ctx, signal);
  }

  private static <T> Behavior<T> dispatch(Case<T>[] cases, ActorContext<T> ctx, Object message)
      throws Exception {
    for (Case<T> c : cases) {
      if (c.type.isInstance(message) && c.test.test(message)) {
        return c.handler.apply(ctx, message);
      }
    }
    return null;
  }

  /** One case of a {@link Receive}: a class, a guard and a handler. */
  public static final class Case<T> {
    final Class<?> type;
    final Predicate<Object> test;
    final Behaviors.Handler<T, Object> handler;

    private Case(Class<?> type, Predicate<Object> test, Behaviors.Handler<T, Object> handler) {
      this.type = type;
      this.test = test;
      this.handler = handler;
    }

    /**
     * A case; the caller guarantees that {@code test} and {@code handler} accept instances of
     * {@code type}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Case<T> of(
        Class<?> type, Predicate<?> test, Behaviors.Handler<T, ?> handler) {
      return new Case<>(type, (Predicate<Object>) test, (Behaviors.Handler<T, Object>) handler);
    }
  }
}
