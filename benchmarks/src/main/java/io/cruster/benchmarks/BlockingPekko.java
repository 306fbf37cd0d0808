package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Blocking handlers on Pekko typed, the same shape as {@link BlockingCruster}, with the sleepers on
 * either the default dispatcher or one whose executor is Pekko's {@code virtual-thread-executor}
 * ({@code bench-virtual-thread-dispatcher} in application.conf).
 */
final class BlockingPekko implements Workload {
  static final int ACTORS = BlockingCruster.ACTORS;
  static final String VIRTUAL_THREAD_DISPATCHER = "bench-virtual-thread-dispatcher";

  record Start(long perActor, CountDownLatch done) {}

  record Tick(long remaining, CountDownLatch done) {}

  record IsVirtual(ActorRef<Boolean> replyTo) {}

  private final ActorSystem<Void> system;
  private final ActorRef<Start> root;
  private final String label;

  private BlockingPekko(boolean virtualThreads) {
    label =
        virtualThreads
            ? "Pekko blocking handlers (virtual-thread-executor)"
            : "Pekko blocking handlers (default dispatcher)";
    DispatcherSelector dispatcher =
        virtualThreads
            ? DispatcherSelector.fromConfig(VIRTUAL_THREAD_DISPATCHER)
            : DispatcherSelector.defaultDispatcher();
    system = ActorSystem.create(Behaviors.<Void>empty(), "blocking");
    try {
      checkThreadKind(dispatcher, virtualThreads);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
    root =
        system.systemActorOf(Behaviors.setup(ctx -> root(ctx, dispatcher)), "root", Props.empty());
  }

  /** The sleepers on Pekko's default dispatcher (a fork-join pool). */
  static Workload openDefaultDispatcher() {
    return new BlockingPekko(false);
  }

  /** The sleepers on a dispatcher with {@code executor = "virtual-thread-executor"}. */
  static Workload openVirtualThreads() {
    return new BlockingPekko(true);
  }

  private static Behavior<Start> root(ActorContext<Start> ctx, DispatcherSelector dispatcher) {
    Behavior<Tick> sleeper =
        Behaviors.setup(
            c -> Behaviors.receive(Tick.class).onMessage(Tick.class, t -> onTick(c, t)).build());
    List<ActorRef<Tick>> sleepers = new ArrayList<>(ACTORS);
    for (int i = 0; i < ACTORS; i++) {
      sleepers.add(ctx.spawnAnonymous(sleeper, dispatcher));
    }
    return Behaviors.receive(Start.class)
        .onMessage(
            Start.class,
            start -> {
              for (ActorRef<Tick> s : sleepers) {
                s.tell(new Tick(start.perActor(), start.done()));
              }
              return Behaviors.same();
            })
        .build();
  }

  private static Behavior<Tick> onTick(ActorContext<Tick> ctx, Tick tick)
      throws InterruptedException {
    Thread.sleep(1);
    if (tick.remaining() > 1) {
      ctx.getSelf().tell(new Tick(tick.remaining() - 1, tick.done()));
    } else {
      tick.done().countDown();
    }
    return Behaviors.same();
  }

  /**
   * Fails fast if the dispatcher config did not give the thread kind this run claims to measure.
   */
  private void checkThreadKind(DispatcherSelector dispatcher, boolean expectVirtual) {
    Behavior<IsVirtual> probe =
        Behaviors.receive(IsVirtual.class)
            .onMessage(
                IsVirtual.class,
                q -> {
                  q.replyTo().tell(Thread.currentThread().isVirtual());
                  return Behaviors.same();
                })
            .build();
    ActorRef<IsVirtual> ref = system.systemActorOf(probe, "thread-kind-probe", dispatcher);
    Boolean virtual;
    try {
      virtual =
          AskPattern.<IsVirtual, Boolean>ask(
                  ref, IsVirtual::new, Duration.ofSeconds(5), system.scheduler())
              .toCompletableFuture()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new ScenarioFailedException(label + ": the thread-kind probe did not answer", e);
    }
    if (virtual != expectVirtual) {
      throw new ScenarioFailedException(
          label + ": handlers run on " + (virtual ? "virtual" : "platform") + " threads");
    }
  }

  @Override
  public Sample run(long perActor) {
    CountDownLatch done = new CountDownLatch(ACTORS);
    long start = System.nanoTime();
    root.tell(new Start(perActor, done));
    Await.latch(done, Await.BATCH, label + " (" + ACTORS + " actors x " + perActor + " messages)");
    return Sample.of(perActor * ACTORS, System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.getWhenTerminated(), Await.SYSTEM, label + ": system termination");
  }
}
