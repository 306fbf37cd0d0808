package io.cruster.actors;

import io.cruster.actors.internal.behavior.Receive;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds a behavior that dispatches on the class of the message (or signal); cases are tried in the
 * order they were added and the first match handles it. A message no case matches is unhandled. Not
 * thread-safe; the built behavior is immutable.
 */
public final class BehaviorBuilder<T> {
  private final List<Receive.Case<T>> messageCases = new ArrayList<>();
  private final List<Receive.Case<T>> signalCases = new ArrayList<>();

  private BehaviorBuilder() {}

  static <T> BehaviorBuilder<T> create(Class<T> messageType) {
    return new BehaviorBuilder<>();
  }

  /** Handles messages of class {@code type}. */
  public <M extends T> BehaviorBuilder<T> onMessage(
      Class<M> type, Behaviors.Handler<T, M> handler) {
    return onMessage(type, m -> true, handler);
  }

  /** Handles messages of class {@code type} that satisfy {@code test}. */
  public <M extends T> BehaviorBuilder<T> onMessage(
      Class<M> type, Predicate<M> test, Behaviors.Handler<T, M> handler) {
    messageCases.add(Receive.Case.of(Objects.requireNonNull(type, "type"), test, handler));
    return this;
  }

  /** Handles messages equal to {@code message} (for enum or singleton messages). */
  public BehaviorBuilder<T> onMessageEquals(T message, Behaviors.Factory<T> handler) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(handler, "handler");
    messageCases.add(
        Receive.Case.of(Object.class, message::equals, (ctx, m) -> handler.apply(ctx)));
    return this;
  }

  /** Handles every message no earlier case matched. */
  public BehaviorBuilder<T> onAnyMessage(Behaviors.Handler<T, T> handler) {
    messageCases.add(Receive.Case.of(Object.class, m -> true, handler));
    return this;
  }

  /** Handles signals of class {@code type}, such as {@link PostStop} or {@link Terminated}. */
  public <S extends Signal> BehaviorBuilder<T> onSignal(
      Class<S> type, Behaviors.Handler<T, S> handler) {
    return onSignal(type, s -> true, handler);
  }

  /** Handles signals of class {@code type} that satisfy {@code test}. */
  public <S extends Signal> BehaviorBuilder<T> onSignal(
      Class<S> type, Predicate<S> test, Behaviors.Handler<T, S> handler) {
    signalCases.add(Receive.Case.of(Objects.requireNonNull(type, "type"), test, handler));
    return this;
  }

  /** The behavior. */
  public Behavior<T> build() {
    return new Receive<>(List.copyOf(messageCases), List.copyOf(signalCases));
  }
}
