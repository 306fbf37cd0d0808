package io.cruster.actors;

import io.cruster.actors.internal.behavior.Deferred;
import io.cruster.actors.internal.behavior.Receive;
import io.cruster.actors.internal.behavior.Special;
import io.cruster.actors.internal.behavior.Supervise;
import io.cruster.actors.internal.behavior.WithStash;
import io.cruster.actors.internal.behavior.WithTimers;
import java.util.Objects;
import java.util.function.Function;

/** Factories of {@link Behavior}s. Every behavior is immutable and may be shared by many actors. */
public final class Behaviors {
  private Behaviors() {}

  /**
   * A handler of one message type. May throw: a failure is handled by the actor's supervisor (the
   * default stops the actor). It runs on a virtual thread and may block (JDBC, HTTP); the actor
   * handles nothing else meanwhile.
   */
  @FunctionalInterface
  public interface Handler<T, M> {
    Behavior<T> apply(ActorContext<T> ctx, M message) throws Exception;
  }

  /** A handler that needs no context. */
  @FunctionalInterface
  public interface MessageHandler<T, M> {
    Behavior<T> apply(M message) throws Exception;
  }

  /** A factory run when the actor starts (and again on each restart). */
  @FunctionalInterface
  public interface Factory<T> {
    Behavior<T> apply(ActorContext<T> ctx) throws Exception;
  }

  /**
   * A builder of a behavior that dispatches on message class, in the order the cases were added.
   */
  public static <T> BehaviorBuilder<T> receive(Class<T> messageType) {
    return BehaviorBuilder.create(Objects.requireNonNull(messageType, "messageType"));
  }

  /** A behavior whose one handler sees every message. */
  public static <T> Behavior<T> receiveMessage(MessageHandler<T, T> handler) {
    Objects.requireNonNull(handler, "handler");
    return Receive.of((ctx, m) -> handler.apply(m));
  }

  /** A behavior whose one handler sees every message, with the context. */
  public static <T> Behavior<T> receive(Handler<T, T> handler) {
    return Receive.of(Objects.requireNonNull(handler, "handler"));
  }

  /** A behavior created when the actor starts, with its context; runs again on each restart. */
  public static <T> Behavior<T> setup(Factory<T> factory) {
    return new Deferred<>(Objects.requireNonNull(factory, "factory"));
  }

  /** Keep the current behavior. */
  public static <T> Behavior<T> same() {
    return Special.same();
  }

  /** Stop the actor (after its children stop; then it sees {@link PostStop}). */
  public static <T> Behavior<T> stopped() {
    return Special.stopped();
  }

  /**
   * Keep the current behavior and count this message as unhandled (a dead letter with reason
   * UNHANDLED).
   */
  public static <T> Behavior<T> unhandled() {
    return Special.unhandled();
  }

  /** A behavior that treats every message as unhandled. */
  public static <T> Behavior<T> empty() {
    return Special.empty();
  }

  /** A behavior that drops every message silently. */
  public static <T> Behavior<T> ignore() {
    return Special.ignore();
  }

  /** A behavior with timers; they are cancelled when the actor stops or restarts. */
  public static <T> Behavior<T> withTimers(Function<TimerScheduler<T>, Behavior<T>> factory) {
    return new WithTimers<>(Objects.requireNonNull(factory, "factory"));
  }

  /** A behavior with a stash of at most {@code capacity} messages. */
  public static <T> Behavior<T> withStash(
      int capacity, Function<StashBuffer<T>, Behavior<T>> factory) {
    if (capacity < 1) {
      throw new IllegalArgumentException("stash capacity must be >= 1, was " + capacity);
    }
    return new WithStash<>(capacity, Objects.requireNonNull(factory, "factory"));
  }

  /** Wraps a behavior with a supervisor; choose the strategy with {@link Supervised#onFailure}. */
  public static <T> Supervised<T> supervise(Behavior<T> behavior) {
    return new Supervised<>(Objects.requireNonNull(behavior, "behavior"));
  }

  /** A behavior awaiting its supervisor strategy. */
  public static final class Supervised<T> {
    private final Behavior<T> behavior;

    private Supervised(Behavior<T> behavior) {
      this.behavior = behavior;
    }

    /** Applies {@code strategy} to any exception. */
    public Behavior<T> onFailure(SupervisorStrategy strategy) {
      return onFailure(Exception.class, strategy);
    }

    /**
     * Applies {@code strategy} to exceptions of {@code type}; others go to outer supervisors (or
     * stop).
     */
    public Behavior<T> onFailure(Class<? extends Throwable> type, SupervisorStrategy strategy) {
      return new Supervise<>(
          behavior,
          Objects.requireNonNull(type, "type"),
          Objects.requireNonNull(strategy, "strategy"));
    }
  }
}
