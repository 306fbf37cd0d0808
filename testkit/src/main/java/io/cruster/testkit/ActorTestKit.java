package io.cruster.testkit;

import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.Props;
import io.cruster.actors.Terminated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An actor system for a test: spawn the actors under test, create {@link TestProbe}s, and shut
 * everything down at the end ({@link #close()}, so it fits try-with-resources or a JUnit
 * {@code @AfterEach}/{@code @AfterAll}).
 *
 * <pre>{@code
 * try (ActorTestKit kit = ActorTestKit.create()) {
 *   TestProbe<Greeted> probe = kit.createTestProbe();
 *   ActorRef<Greeter> greeter = kit.spawn(Greeter.create());
 *   greeter.tell(new Greet("Ada", probe.ref()));
 *   probe.expectMessage(new Greeted("Ada"));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #createWithManualClock()} gives a kit whose timers only fire when the test
 * advances {@link #manualClock()}.
 */
public final class ActorTestKit implements AutoCloseable {
  /** How long expectations wait by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private static final AtomicInteger KITS = new AtomicInteger();

  private final ActorSystem<Spawner.Command> system;
  private final ManualClock clock;
  private final AtomicInteger names = new AtomicInteger();
  private final Duration timeout;

  private ActorTestKit(String name, ActorSystemSettings settings, ManualClock clock) {
    this.system = ActorSystem.create(Spawner.create(), name, settings);
    this.clock = clock;
    this.timeout = DEFAULT_TIMEOUT;
  }

  /** A kit with a fresh system and default settings (wall-clock timers). */
  public static ActorTestKit create() {
    return create(ActorSystemSettings.defaults());
  }

  /** A kit with a fresh system and these settings. */
  public static ActorTestKit create(ActorSystemSettings settings) {
    Objects.requireNonNull(settings, "settings");
    ManualClock clock = settings.scheduler() instanceof ManualClock m ? m : null;
    return new ActorTestKit("testkit-" + KITS.incrementAndGet(), settings, clock);
  }

  /**
   * A kit whose system runs on a {@link ManualClock}: advance it with {@code
   * kit.manualClock().advance(...)}.
   */
  public static ActorTestKit createWithManualClock() {
    return create(ActorSystemSettings.builder().scheduler(ManualClock.create()).build());
  }

  /** The system under test. */
  public ActorSystem<?> system() {
    return system;
  }

  /** The manual clock of a kit made with one. */
  public ManualClock manualClock() {
    return Optional.ofNullable(clock)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "this kit runs on the wall clock; use ActorTestKit.createWithManualClock()"));
  }

  /** The default timeout of expectations. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Spawns an actor with a generated name. Blocks until it is created (its setup may still be
   * running).
   */
  public <T> ActorRef<T> spawn(Behavior<T> behavior) {
    return spawn(behavior, "actor-" + names.incrementAndGet(), Props.defaults());
  }

  /** Spawns an actor named {@code name}. */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return spawn(behavior, name, Props.defaults());
  }

  /** Spawns an actor named {@code name} with these props. */
  @SuppressWarnings("unchecked")
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
    Spawner.Spawned reply = system.ask(r -> new Spawner.Spawn(behavior, name, props, r), timeout);
    if (reply.failure() != null) {
      throw reply.failure();
    }
    return (ActorRef<T>) reply.ref();
  }

  /** Stops an actor spawned by this kit and waits until it has stopped. */
  public void stop(ActorRef<?> ref) {
    stop(ref, timeout);
  }

  /** Stops an actor spawned by this kit and waits up to {@code max} until it has stopped. */
  public void stop(ActorRef<?> ref, Duration max) {
    Spawner.Stopped reply = system.ask(r -> new Spawner.Stop(ref, r), max);
    if (reply.failure() != null) {
      throw reply.failure();
    }
  }

  /** A probe with a generated name. */
  public <T> TestProbe<T> createTestProbe() {
    return createTestProbe("probe-" + names.incrementAndGet());
  }

  /** A probe for messages of {@code type} (a convenience for type inference). */
  public <T> TestProbe<T> createTestProbe(Class<T> type) {
    return createTestProbe();
  }

  /** A probe named {@code name}. */
  public <T> TestProbe<T> createTestProbe(String name) {
    return new TestProbe<>(system, name, timeout);
  }

  /** A probe that receives every later dead letter of the system. */
  public TestProbe<DeadLetter> createDeadLetterProbe() {
    TestProbe<DeadLetter> probe = createTestProbe("dead-letters-" + names.incrementAndGet());
    system.deadLetters().subscribe(probe.ref()::tell);
    return probe;
  }

  /** Terminates the system and waits up to {@code max} for every actor to stop. */
  public void shutdown(Duration max) {
    system.terminate();
    try {
      system
          .whenTerminated()
          .toCompletableFuture()
          .get(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "actor system " + system.name() + " did not terminate within " + max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while shutting down " + system.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(
          "actor system " + system.name() + " failed to terminate", e.getCause());
    }
  }

  /** Terminates the system, waiting up to 10 s. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }

  /** The guardian of a kit's system: spawns and stops actors on the kit's behalf. */
  static final class Spawner {
    sealed interface Command {}

    record Spawn(Behavior<?> behavior, String name, Props props, ActorRef<Spawned> replyTo)
        implements Command {}

    record Spawned(ActorRef<?> ref, RuntimeException failure) {}

    record Stop(ActorRef<?> ref, ActorRef<Stopped> replyTo) implements Command {}

    record Stopped(RuntimeException failure) {}

    private record StopWaiter(ActorRef<?> ref, ActorRef<Stopped> replyTo) {}

    static Behavior<Command> create() {
      return Behaviors.setup(ctx -> running(new ArrayList<>()));
    }

    private static Behavior<Command> running(List<StopWaiter> waiters) {
      return Behaviors.receive(Command.class)
          .onMessage(
              Spawn.class,
              (ctx, s) -> {
                try {
                  s.replyTo().tell(new Spawned(ctx.spawn(s.behavior(), s.name(), s.props()), null));
                } catch (RuntimeException e) {
                  s.replyTo().tell(new Spawned(null, e));
                }
                return Behaviors.same();
              })
          .onMessage(
              Stop.class,
              (ctx, s) -> {
                try {
                  ctx.watch(s.ref());
                  ctx.stop(s.ref());
                  waiters.add(new StopWaiter(s.ref(), s.replyTo()));
                } catch (RuntimeException e) {
                  s.replyTo().tell(new Stopped(e));
                }
                return Behaviors.same();
              })
          .onSignal(
              Terminated.class,
              (ctx, t) -> {
                waiters.removeIf(
                    w -> {
                      if (w.ref().equals(t.ref())) {
                        w.replyTo().tell(new Stopped(null));
                        return true;
                      }
                      return false;
                    });
                return Behaviors.same();
              })
          .build();
    }
  }
}
