package io.cruster.benchmarks;

import io.cruster.actors.ActorContext;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.Props;
import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Blocking handlers on Cruster: {@value #ACTORS} actors whose handler sleeps 1 ms; each tells
 * itself the next message until it has handled {@code n}. The figure is all messages handled over
 * elapsed time.
 */
final class BlockingCruster implements Workload {
  static final int ACTORS = 1_000;

  record Start(long perActor, CountDownLatch done) {}

  record Tick(long remaining, CountDownLatch done) {}

  private static final Behavior<Tick> SLEEPER =
      Behaviors.receive(Tick.class).onMessage(Tick.class, BlockingCruster::onTick).build();

  private final ActorSystem<Void> system;
  private final ActorRef<Start> root;

  private BlockingCruster() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "blocking");
    root = system.systemActorOf(Behaviors.setup(BlockingCruster::root), "root", Props.defaults());
  }

  static Workload open() {
    return new BlockingCruster();
  }

  private static Behavior<Start> root(ActorContext<Start> ctx) {
    List<ActorRef<Tick>> sleepers = new ArrayList<>(ACTORS);
    for (int i = 0; i < ACTORS; i++) {
      sleepers.add(ctx.spawnAnonymous(SLEEPER));
    }
    return Behaviors.receive(Start.class)
        .onMessage(
            Start.class,
            (c, start) -> {
              for (ActorRef<Tick> sleeper : sleepers) {
                sleeper.tell(new Tick(start.perActor(), start.done()));
              }
              return Behaviors.same();
            })
        .build();
  }

  private static Behavior<Tick> onTick(ActorContext<Tick> ctx, Tick tick)
      throws InterruptedException {
    Thread.sleep(1);
    if (tick.remaining() > 1) {
      ctx.self().tell(new Tick(tick.remaining() - 1, tick.done()));
    } else {
      tick.done().countDown();
    }
    return Behaviors.same();
  }

  @Override
  public Sample run(long perActor) {
    CountDownLatch done = new CountDownLatch(ACTORS);
    long start = System.nanoTime();
    root.tell(new Start(perActor, done));
    Await.latch(
        done,
        Await.BATCH,
        "Cruster blocking handlers (" + ACTORS + " actors x " + perActor + " messages)");
    return Sample.of(perActor * ACTORS, System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.whenTerminated(), Await.SYSTEM, "Cruster blocking system termination");
  }
}
