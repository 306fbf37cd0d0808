package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Fan-out on Pekko typed, the same shape as {@link FanOutCruster} (Pekko mailboxes are unbounded).
 */
final class FanOutPekko implements Workload {
  static final int WORKERS = FanOutCruster.WORKERS;

  sealed interface Command {}

  record Start(long rounds, CountDownLatch done) implements Command {}

  enum Reply implements Command {
    INSTANCE
  }

  record Work(ActorRef<Reply> replyTo) {}

  private static final Behavior<Work> WORKER =
      Behaviors.receive(Work.class).onMessage(Work.class, FanOutPekko::onWork).build();

  private final ActorSystem<Void> system;
  private final ActorRef<Command> coordinator;

  private FanOutPekko() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "fan-out");
    coordinator =
        system.systemActorOf(
            Behaviors.setup(ctx -> new Coordinator(ctx).behavior()), "coordinator", Props.empty());
  }

  static Workload open() {
    return new FanOutPekko();
  }

  private static Behavior<Work> onWork(Work work) {
    work.replyTo().tell(Reply.INSTANCE);
    return Behaviors.same();
  }

  private static final class Coordinator {
    private final List<ActorRef<Work>> workers = new ArrayList<>(WORKERS);
    private final Work work;
    private long roundsLeft;
    private int pending;
    private CountDownLatch done;

    Coordinator(ActorContext<Command> ctx) {
      work = new Work(ctx.getSelf().narrow());
      for (int i = 0; i < WORKERS; i++) {
        workers.add(ctx.spawnAnonymous(WORKER));
      }
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Start.class, this::onStart)
          .onMessage(Reply.class, this::onReply)
          .build();
    }

    private Behavior<Command> onStart(Start start) {
      roundsLeft = start.rounds();
      done = start.done();
      broadcast();
      return Behaviors.same();
    }

    private Behavior<Command> onReply(Reply reply) {
      if (--pending == 0) {
        if (--roundsLeft == 0) {
          done.countDown();
        } else {
          broadcast();
        }
      }
      return Behaviors.same();
    }

    private void broadcast() {
      pending = WORKERS;
      for (ActorRef<Work> worker : workers) {
        worker.tell(work);
      }
    }
  }

  @Override
  public Sample run(long rounds) {
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
    coordinator.tell(new Start(rounds, done));
    Await.latch(
        done, Await.BATCH, "Pekko fan-out (" + rounds + " rounds of " + WORKERS + " workers)");
    return Sample.of(rounds * 2 * WORKERS, System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.getWhenTerminated(), Await.SYSTEM, "Pekko fan-out system termination");
  }
}
