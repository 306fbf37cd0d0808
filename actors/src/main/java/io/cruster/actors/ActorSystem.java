package io.cruster.actors;

import io.cruster.actors.internal.ActorSystemImpl;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A tree of actors under one guardian, whose behavior is given at creation; the system is a ref to
 * it. Actors run on virtual threads: an idle actor holds no thread, a busy one runs a batch of
 * messages and lets go.
 *
 * <p>Thread-safe. Close it (try-with-resources) to stop every actor.
 *
 * @param <T> the guardian's message type
 */
public interface ActorSystem<T> extends ActorRef<T>, AutoCloseable {

  /** Starts a system with default settings. */
  static <T> ActorSystem<T> create(Behavior<T> guardian, String name) {
    return create(guardian, name, ActorSystemSettings.defaults());
  }

  /**
   * Starts a system.
   *
   * @throws IllegalArgumentException if {@code name} is empty or not a valid path element
   */
  static <T> ActorSystem<T> create(
      Behavior<T> guardian, String name, ActorSystemSettings settings) {
    return ActorSystemImpl.start(guardian, name, settings);
  }

  /** The system's name. */
  String name();

  /** The settings it was started with. */
  ActorSystemSettings settings();

  /** Its time source. */
  Scheduler scheduler();

  /** Its dead letter office. */
  DeadLetters deadLetters();

  /**
   * Sends the guardian the request built by {@code createRequest} around a one-shot reply ref, and
   * blocks until the reply arrives. Cheap on a virtual thread; never call it from inside an actor
   * (use {@link ActorContext#ask}).
   *
   * @throws AskTimeoutException when no reply arrives within {@code timeout}
   */
  default <R> R ask(Function<ActorRef<R>, T> createRequest, Duration timeout) {
    return ask(this, createRequest, timeout);
  }

  /** As {@link #ask(Function, Duration)}, to any actor of this system. Blocks. */
  <Req, R> R ask(ActorRef<Req> target, Function<ActorRef<R>, Req> createRequest, Duration timeout);

  /** The non-blocking twin of {@link #ask(ActorRef, Function, Duration)}. */
  <Req, R> CompletableFuture<R> askAsync(
      ActorRef<Req> target, Function<ActorRef<R>, Req> createRequest, Duration timeout);

  /**
   * Starts a top-level actor beside the guardian (under {@code /system}), from outside any actor;
   * used by test kits and runtimes. Thread-safe.
   */
  <U> ActorRef<U> systemActorOf(Behavior<U> behavior, String name, Props props);

  /** Stops the guardian, and with it every actor, asynchronously. Idempotent. */
  void terminate();

  /** Completes when every actor has stopped. */
  CompletionStage<Void> whenTerminated();

  /**
   * Terminates and waits up to {@link ActorSystemSettings#terminateTimeout()} for every actor to
   * stop.
   *
   * @throws CrusterException if they did not stop in time
   */
  @Override
  void close();
}
