package io.cruster.benchmarks;

import io.cruster.actors.ActorContext;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.PostStop;
import io.cruster.actors.Props;
import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import java.util.concurrent.CountDownLatch;

/**
 * Spawn rate and idle actors on Cruster. A parent spawns the children in one handler; the batch is
 * timed from the request to the parent's last spawn. Children share one plain receive behavior (no
 * setup).
 */
final class SpawnCruster implements SpawnWorkload {
  sealed interface Command {}

  record SpawnChildren(long count, CountDownLatch spawned) implements Command {}

  record SpawnIdle(long count, CountDownLatch touched) implements Command {}

  enum Stop implements Command {
    INSTANCE
  }

  record Touch(CountDownLatch touched) {}

  static final Behavior<Touch> CHILD =
      Behaviors.receive(Touch.class).onMessage(Touch.class, SpawnCruster::onTouch).build();

  private final ActorSystem<Void> system;
  private int parents;

  private SpawnCruster() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "spawn");
  }

  static SpawnWorkload open() {
    return new SpawnCruster();
  }

  private static Behavior<Touch> onTouch(ActorContext<Touch> ctx, Touch touch) {
    touch.touched().countDown();
    return Behaviors.same();
  }

  private static Behavior<Command> parent(CountDownLatch stopped) {
    return Behaviors.receive(Command.class)
        .onMessage(
            SpawnChildren.class,
            (ctx, m) -> {
              for (long i = 0; i < m.count(); i++) {
                ctx.spawnAnonymous(CHILD);
              }
              m.spawned().countDown();
              return Behaviors.same();
            })
        .onMessage(
            SpawnIdle.class,
            (ctx, m) -> {
              Touch touch = new Touch(m.touched());
              for (long i = 0; i < m.count(); i++) {
                ctx.spawnAnonymous(CHILD).tell(touch);
              }
              return Behaviors.same();
            })
        .onMessage(Stop.class, (ctx, m) -> Behaviors.stopped())
        .onSignal(
            PostStop.class,
            (ctx, signal) -> {
              stopped.countDown();
              return Behaviors.same();
            })
        .build();
  }

  @Override
  public Sample run(long n) {
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef<Command> parent =
        system.systemActorOf(parent(stopped), "parent-" + parents++, Props.defaults());
    CountDownLatch spawned = new CountDownLatch(1);
    long start = System.nanoTime();
    parent.tell(new SpawnChildren(n, spawned));
    Await.latch(spawned, Await.MILLION_ACTORS, "Cruster spawning " + n + " actors");
    long elapsed = System.nanoTime() - start;
    parent.tell(Stop.INSTANCE);
    Await.latch(
        stopped, Await.MILLION_ACTORS, "Cruster stopping a parent of " + n + " actors (PostStop)");
    return Sample.of(n, elapsed);
  }

  @Override
  public void holdIdle(long n) {
    ActorRef<Command> parent =
        system.systemActorOf(parent(new CountDownLatch(1)), "idle-parent", Props.defaults());
    CountDownLatch touched = new CountDownLatch(Math.toIntExact(n));
    parent.tell(new SpawnIdle(n, touched));
    Await.latch(
        touched, Await.MILLION_ACTORS, "Cruster spawning and touching " + n + " idle actors");
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.whenTerminated(), Await.MILLION_ACTORS, "Cruster spawn system termination");
  }
}
