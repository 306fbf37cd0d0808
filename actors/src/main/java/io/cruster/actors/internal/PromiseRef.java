package io.cruster.actors.internal;

import io.cruster.actors.ActorPath;
import io.cruster.actors.ActorRef;
import io.cruster.actors.AskTimeoutException;
import io.cruster.actors.Cancellable;
import io.cruster.actors.InvalidMessageException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A one-shot reply ref for an ask: the first message completes the future, later ones are dead
 * letters. The timeout is armed on the system's scheduler, so a manual clock drives it in tests.
 */
final class PromiseRef<R> implements ActorRef<R> {
  private final ActorSystemImpl<?> system;
  private final long id;
  final CompletableFuture<R> future = new CompletableFuture<>();

  private PromiseRef(ActorSystemImpl<?> system, long id) {
    this.system = system;
    this.id = id;
  }

  /**
   * Sends the request built around a fresh promise ref and returns the future of the reply, which
   * fails with {@link AskTimeoutException} after {@code timeout} on the system's scheduler when
   * {@code armTimer}. A blocking caller bounds its own wait instead and saves the timer (arming one
   * wakes the timer thread on every ask).
   */
  static <Req, R> CompletableFuture<R> ask(
      ActorSystemImpl<?> system,
      ActorRef<Req> target,
      Function<ActorRef<R>, Req> createRequest,
      Duration timeout,
      boolean armTimer) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(createRequest, "createRequest");
    Objects.requireNonNull(timeout, "timeout");
    PromiseRef<R> ref = new PromiseRef<>(system, system.nextTempId());
    if (armTimer) {
      Cancellable timer =
          system
              .scheduler()
              .schedule(
                  timeout,
                  () ->
                      ref.future.completeExceptionally(
                          new AskTimeoutException(
                              "no reply from " + target.path() + " within " + timeout)));
      ref.future.whenComplete((r, e) -> timer.cancel());
    }
    try {
      target.tell(createRequest.apply(ref));
    } catch (RuntimeException e) {
      ref.future.completeExceptionally(e);
    }
    return ref.future;
  }

  @Override
  public void tell(R message) {
    if (message == null) {
      throw new InvalidMessageException("null reply to " + path());
    }
    if (!future.complete(message)) {
      system.deadLetter(message, this, io.cruster.actors.DeadLetter.Reason.RECIPIENT_STOPPED);
    }
  }

  @Override
  public void tell(R message, Duration timeout) {
    tell(message);
  }

  @Override
  public ActorPath path() {
    return ActorPath.root(system.name()).child("temp").child("$ask-" + id);
  }

  @Override
  public String toString() {
    return "Promise[" + path() + "]";
  }
}
