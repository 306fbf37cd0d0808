package io.cruster.testkit;

import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.Props;
import io.cruster.actors.Terminated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An actor a test talks through: pass {@link #ref()} where an actor expects a reply ref, then
 * assert on what arrives. Every {@code expect}/{@code receive} waits at most the given timeout (by
 * default the kit's, 3 s) and fails with an {@link AssertionError} that says what it waited for.
 * Timeouts are real time, not the manual clock.
 *
 * <p>The assertion methods are meant for one test thread; {@link #ref()} may be used from anywhere.
 *
 * @param <T> the type of messages the probe accepts
 */
public final class TestProbe<T> {
  private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
  private final LinkedBlockingDeque<Terminated> terminations = new LinkedBlockingDeque<>();
  private final ActorRef<Object> actor;
  private final Duration defaultTimeout;
  private final String name;

  /** The probe actor's own commands, kept apart from the messages under test. */
  private record Watch(ActorRef<?> target) {}

  private enum StopProbe {
    INSTANCE
  }

  private static final long RETRY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  TestProbe(ActorSystem<?> system, String name, Duration defaultTimeout) {
    this.name = name;
    this.defaultTimeout = defaultTimeout;
    Behavior<Object> behavior =
        Behaviors.receive(Object.class)
            .onMessage(
                Watch.class,
                (ctx, w) -> {
                  ctx.watch(w.target());
                  return Behaviors.same();
                })
            .onMessage(StopProbe.class, (ctx, m) -> Behaviors.stopped())
            .onAnyMessage(
                (ctx, m) -> {
                  queue.add(m);
                  return Behaviors.same();
                })
            .onSignal(
                Terminated.class,
                (ctx, t) -> {
                  terminations.add(t);
                  return Behaviors.same();
                })
            .build();
    this.actor = system.systemActorOf(behavior, name, Props.mailboxCapacity(Integer.MAX_VALUE / 4));
  }

  /** The probe's ref. */
  public ActorRef<T> ref() {
    return actor.unsafeUpcast();
  }

  /** Receives the next message, failing if none arrives within the default timeout. */
  public T receiveMessage() {
    return receiveMessage(defaultTimeout);
  }

  /** Receives the next message, failing if none arrives within {@code timeout}. */
  @SuppressWarnings("unchecked")
  public T receiveMessage(Duration timeout) {
    Object m = poll(timeout);
    if (m == null) {
      throw new AssertionError(name + ": timeout (" + timeout + ") while waiting for a message");
    }
    return (T) m;
  }

  /** Receives the next {@code n} messages within the default timeout. */
  public List<T> receiveMessages(int n) {
    return receiveMessages(n, defaultTimeout);
  }

  /** Receives the next {@code n} messages, all within {@code timeout}. */
  @SuppressWarnings("unchecked")
  public List<T> receiveMessages(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<T> out = new ArrayList<>(n);
    while (out.size() < n) {
      Object m = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (m == null) {
        throw new AssertionError(
            name
                + ": timeout ("
                + timeout
                + ") after "
                + out.size()
                + " of "
                + n
                + " messages: "
                + out);
      }
      out.add((T) m);
    }
    return out;
  }

  /** Expects the next message to equal {@code expected}; returns it. */
  public T expectMessage(T expected) {
    return expectMessage(defaultTimeout, expected);
  }

  /** Expects the next message, within {@code timeout}, to equal {@code expected}; returns it. */
  public T expectMessage(Duration timeout, T expected) {
    Objects.requireNonNull(expected, "expected");
    Object m = poll(timeout);
    if (m == null) {
      throw new AssertionError(name + ": timeout (" + timeout + ") while waiting for " + expected);
    }
    if (!expected.equals(m)) {
      throw new AssertionError(name + ": expected " + expected + " but received " + m);
    }
    return expected;
  }

  /** Expects the next message to be an instance of {@code type}; returns it. */
  public <M extends T> M expectMessageClass(Class<M> type) {
    return expectMessageClass(type, defaultTimeout);
  }

  /**
   * Expects the next message, within {@code timeout}, to be an instance of {@code type}; returns
   * it.
   */
  public <M extends T> M expectMessageClass(Class<M> type, Duration timeout) {
    Object m = poll(timeout);
    if (m == null) {
      throw new AssertionError(
          name + ": timeout (" + timeout + ") while waiting for a " + type.getName());
    }
    if (!type.isInstance(m)) {
      throw new AssertionError(name + ": expected a " + type.getName() + " but received " + m);
    }
    return type.cast(m);
  }

  /** Expects no message for 100 ms. */
  public void expectNoMessage() {
    expectNoMessage(Duration.ofMillis(100));
  }

  /** Expects no message for {@code duration} (this waits the whole duration). */
  public void expectNoMessage(Duration duration) {
    Object m = poll(duration);
    if (m != null) {
      throw new AssertionError(
          name + ": expected no message for " + duration + " but received " + m);
    }
  }

  /**
   * Receives messages until {@code fisher} says {@link FishingOutcome#COMPLETE}, within {@code
   * timeout}; returns the messages it kept (the completing one last).
   */
  @SuppressWarnings("unchecked")
  public List<T> fishForMessage(Duration timeout, Function<T, FishingOutcome> fisher) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<T> kept = new ArrayList<>();
    while (true) {
      Object m = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (m == null) {
        throw new AssertionError(
            name + ": timeout (" + timeout + ") while fishing; kept so far: " + kept);
      }
      T t = (T) m;
      switch (fisher.apply(t)) {
        case CONTINUE -> kept.add(t);
        case CONTINUE_AND_IGNORE -> {}
        case COMPLETE -> {
          kept.add(t);
          return kept;
        }
        case FAIL -> throw new AssertionError(name + ": unexpected message while fishing: " + t);
      }
    }
  }

  /** Expects {@code target} to stop within the default timeout. */
  public void expectTerminated(ActorRef<?> target) {
    expectTerminated(target, defaultTimeout);
  }

  /**
   * Watches {@code target} and expects it to stop within {@code timeout} (also when it already
   * has).
   */
  public void expectTerminated(ActorRef<?> target, Duration timeout) {
    actor.tell(new Watch(target));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Terminated t;
      try {
        t = terminations.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(
            name + ": interrupted while waiting for " + target.path() + " to stop", e);
      }
      if (t == null) {
        throw new AssertionError(
            name + ": timeout (" + timeout + ") while waiting for " + target.path() + " to stop");
      }
      if (t.ref().equals(target)) {
        return;
      }
    }
  }

  /**
   * Runs {@code assertion} until it stops throwing {@link AssertionError}, or fails with its last
   * error once the default timeout has passed. Retries every 10 ms.
   */
  public void awaitAssert(Runnable assertion) {
    awaitAssert(defaultTimeout, assertion);
  }

  /** As {@link #awaitAssert(Runnable)}, within {@code timeout}. */
  public void awaitAssert(Duration timeout, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      LockSupport.parkNanos(RETRY_INTERVAL_NANOS);
    }
  }

  private Object poll(Duration timeout) {
    try {
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting", e);
    }
  }

  /** Stops the probe's actor; later messages to it become dead letters. */
  public void stop() {
    actor.tell(StopProbe.INSTANCE);
  }

  @Override
  public String toString() {
    return "TestProbe[" + name + "]";
  }
}
