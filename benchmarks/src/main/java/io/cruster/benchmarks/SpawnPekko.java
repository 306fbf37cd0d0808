package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Spawn rate and idle actors on Pekko typed, the same shape as {@link SpawnCruster}. */
final class SpawnPekko implements SpawnWorkload {
  sealed interface Command {}

  record SpawnChildren(long count, CountDownLatch spawned) implements Command {}

  record SpawnIdle(long count, CountDownLatch touched) implements Command {}

  enum Stop implements Command {
    INSTANCE
  }

  record Touch(CountDownLatch touched) {}

  static final Behavior<Touch> CHILD =
      Behaviors.receive(Touch.class).onMessage(Touch.class, SpawnPekko::onTouch).build();

  private final ActorSystem<Void> system;
  private int parents;

  private SpawnPekko() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "spawn");
  }

  static SpawnWorkload open() {
    return new SpawnPekko();
  }

  private static Behavior<Touch> onTouch(Touch touch) {
    touch.touched().countDown();
    return Behaviors.same();
  }

  private static Behavior<Command> parent(CountDownLatch stopped) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(SpawnChildren.class, m -> onSpawnChildren(ctx, m))
                .onMessage(SpawnIdle.class, m -> onSpawnIdle(ctx, m))
                .onMessage(Stop.class, m -> Behaviors.stopped())
                .onSignal(
                    PostStop.class,
                    signal -> {
                      stopped.countDown();
                      return Behaviors.same();
                    })
                .build());
  }

  private static Behavior<Command> onSpawnChildren(ActorContext<Command> ctx, SpawnChildren m) {
    for (long i = 0; i < m.count(); i++) {
      ctx.spawnAnonymous(CHILD);
    }
    m.spawned().countDown();
    return Behaviors.same();
  }

  private static Behavior<Command> onSpawnIdle(ActorContext<Command> ctx, SpawnIdle m) {
    Touch touch = new Touch(m.touched());
    for (long i = 0; i < m.count(); i++) {
      ctx.spawnAnonymous(CHILD).tell(touch);
    }
    return Behaviors.same();
  }

  @Override
  public Sample run(long n) {
    CountDownLatch stopped = new CountDownLatch(1);
    ActorRef<Command> parent =
        system.systemActorOf(parent(stopped), "parent-" + parents++, Props.empty());
    CountDownLatch spawned = new CountDownLatch(1);
    long start = System.nanoTime();
    parent.tell(new SpawnChildren(n, spawned));
    Await.latch(spawned, Await.MILLION_ACTORS, "Pekko spawning " + n + " actors");
    long elapsed = System.nanoTime() - start;
    parent.tell(Stop.INSTANCE);
    Await.latch(
        stopped, Await.MILLION_ACTORS, "Pekko stopping a parent of " + n + " actors (PostStop)");
    return Sample.of(n, elapsed);
  }

  @Override
  public void holdIdle(long n) {
    ActorRef<Command> parent =
        system.systemActorOf(parent(new CountDownLatch(1)), "idle-parent", Props.empty());
    CountDownLatch touched = new CountDownLatch(Math.toIntExact(n));
    parent.tell(new SpawnIdle(n, touched));
    Await.latch(touched, Await.MILLION_ACTORS, "Pekko spawning and touching " + n + " idle actors");
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(
        system.getWhenTerminated(), Await.MILLION_ACTORS, "Pekko spawn system termination");
  }
}
