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
 * Fan-out on Cruster: a coordinator sends one message to each of {@value #WORKERS} workers, each
 * replies, and the next round starts when all replies are in. Both directions count: {@code 2 *
 * WORKERS} per round.
 */
final class FanOutCruster implements Workload {
  static final int WORKERS = 1_000;

  sealed interface Command {}

  record Start(long rounds, CountDownLatch done) implements Command {}

  enum Reply implements Command {
    INSTANCE
  }

  record Work(ActorRef<Reply> replyTo) {}

  private static final Behavior<Work> WORKER =
      Behaviors.receive(Work.class).onMessage(Work.class, FanOutCruster::onWork).build();

  private final ActorSystem<Void> system;
  private final ActorRef<Command> coordinator;

  private FanOutCruster() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "fan-out");
    coordinator =
        system.systemActorOf(
            Behaviors.setup(ctx -> new Coordinator(ctx).behavior()),
            "coordinator",
            Props.defaults());
  }

  static Workload open() {
    return new FanOutCruster();
  }

  private static Behavior<Work> onWork(ActorContext<Work> ctx, Work work) {
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
      work = new Work(ctx.self().narrow());
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

    private Behavior<Command> onStart(ActorContext<Command> ctx, Start start) {
      roundsLeft = start.rounds();
      done = start.done();
      broadcast();
      return Behaviors.same();
    }

    private Behavior<Command> onReply(ActorContext<Command> ctx, Reply reply) {
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
        done, Await.BATCH, "Cruster fan-out (" + rounds + " rounds of " + WORKERS + " workers)");
    return Sample.of(rounds * 2 * WORKERS, System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.whenTerminated(), Await.SYSTEM, "Cruster fan-out system termination");
  }
}
