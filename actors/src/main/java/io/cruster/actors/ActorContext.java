package io.cruster.actors;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * What an actor can do while it handles a message: spawn and stop children, watch other actors,
 * ask, schedule, log. An actor handles one message at a time, so its context is used from one
 * thread at a time; it must not be used from other threads (pass {@link #self()} instead). Not
 * meant to be implemented outside Cruster.
 *
 * @param <T> the type of messages the actor accepts
 */
public interface ActorContext<T> {

  /** This actor's own ref. */
  ActorRef<T> self();

  /** The system this actor belongs to. */
  ActorSystem<Void> system();

  /**
   * Starts a child actor named {@code name}, with the default mailbox.
   *
   * @throws InvalidActorNameException if the name is invalid or a live sibling already has it
   */
  <U> ActorRef<U> spawn(Behavior<U> behavior, String name);

  /** Starts a child actor named {@code name} with these props. */
  <U> ActorRef<U> spawn(Behavior<U> behavior, String name, Props props);

  /** Starts a child actor with a generated name. */
  <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior);

  /** Starts a child actor with a generated name and these props. */
  <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props);

  /**
   * Stops a child of this actor, asynchronously: it handles no further message, its children stop
   * first, then it sees {@link PostStop}.
   *
   * @throws IllegalArgumentException if {@code child} is not a child of this actor
   */
  void stop(ActorRef<?> child);

  /** The live children of this actor. */
  Collection<ActorRef<Void>> children();

  /** The live child named {@code name}. */
  Optional<ActorRef<Void>> child(String name);

  /**
   * Delivers a {@link Terminated} signal to this actor when {@code other} stops (at once if it
   * already has).
   */
  void watch(ActorRef<?> other);

  /** Delivers {@code message} to this actor, instead of a signal, when {@code other} stops. */
  void watchWith(ActorRef<?> other, T message);

  /** Stops watching {@code other}; no Terminated for it arrives after this call. */
  void unwatch(ActorRef<?> other);

  /**
   * Asks {@code target} and maps the reply (or the failure, such as an {@link AskTimeoutException})
   * to a message for this actor. Never blocks.
   */
  <Req, Res> void ask(
      Class<Res> responseClass,
      ActorRef<Req> target,
      Duration timeout,
      Function<ActorRef<Res>, Req> createRequest,
      BiFunction<Res, Throwable, T> applyToResponse);

  /**
   * When {@code future} completes, maps its value or failure to a message for this actor. Never
   * blocks.
   */
  <V> void pipeToSelf(CompletionStage<V> future, BiFunction<V, Throwable, T> applyToResult);

  /** A ref that accepts {@code U} and delivers {@code adapter.apply(u)} to this actor. */
  <U> ActorRef<U> messageAdapter(Class<U> messageClass, Function<U, T> adapter);

  /** Sends {@code message} to {@code target} after {@code delay}. */
  <U> Cancellable scheduleOnce(Duration delay, ActorRef<U> target, U message);

  /**
   * A logger for this actor; while it is in use, the MDC holds {@code cruster.actor} (this actor's
   * path) for the duration of the current message.
   */
  Logger log();
}
