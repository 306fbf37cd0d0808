package io.cruster.samples.quickstart;

import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.SupervisorStrategy;
import io.cruster.actors.Terminated;
import java.time.Duration;

/**
 * The quickstart: a greeter answering asks, a supervised counter that survives a failure, and a watched worker.
 * Run it with {@code scripts/quickstart}.
 */
public final class Main {
  private Main() {}

  // The greeter's protocol: a sealed root, records for messages, the reply ref named replyTo.
  public sealed interface Greeter permits Greet {}

  public record Greet(String whom, ActorRef<Greeted> replyTo) implements Greeter {}

  public record Greeted(String whom) {}

  public static void main(String[] args) {
    Behavior<Greeter> greeter = Behaviors.receive(Greeter.class)
        .onMessage(Greet.class, (ctx, m) -> {
          m.replyTo().tell(new Greeted(m.whom()));
          return Behaviors.same();
        })
        .build();

    try (ActorSystem<Greeter> system = ActorSystem.create(greeter, "hello")) {
      Greeted r = system.ask(replyTo -> new Greet("Ada", replyTo), Duration.ofSeconds(1));
      System.out.println("1. the greeter answered: " + r);

      // A counter under a restarting supervisor: a failure resets it, and it keeps serving.
      ActorRef<Counter.Command> counter = system.systemActorOf(
          Behaviors.supervise(Counter.create()).onFailure(SupervisorStrategy.restart()), "counter",
          io.cruster.actors.Props.defaults());
      counter.tell(new Counter.Increment(5));
      System.out.println("2. counter after +5: " + system.<Counter.Command, Integer>ask(counter, Counter.Get::new, Duration.ofSeconds(1)));
      counter.tell(new Counter.Increment(-1_000)); // refused by the counter: it throws, the supervisor restarts it
      System.out.println("3. counter after a failure and a restart: "
          + system.<Counter.Command, Integer>ask(counter, Counter.Get::new, Duration.ofSeconds(1)));

      // Death watch: a parent learns when its worker stops.
      String outcome = system.ask(
          system.systemActorOf(Supervisor.create(), "supervisor", io.cruster.actors.Props.defaults()),
          Supervisor.Run::new, Duration.ofSeconds(1));
      System.out.println("4. " + outcome);
    }
    System.out.println("5. the system has stopped; every actor is gone");
  }

  /** A counter kept in the behavior itself: each message returns the behavior for the next one. */
  static final class Counter {
    sealed interface Command {}

    record Increment(int amount) implements Command {}

    record Get(ActorRef<Integer> replyTo) implements Command {}

    static Behavior<Command> create() {
      return counting(0);
    }

    private static Behavior<Command> counting(int count) {
      return Behaviors.receive(Command.class)
          .onMessage(Increment.class, (ctx, m) -> {
            if (m.amount() < -100) {
              throw new IllegalArgumentException("increment " + m.amount() + " is too small");
            }
            return counting(count + m.amount());
          })
          .onMessage(Get.class, (ctx, m) -> {
            m.replyTo().tell(count);
            return Behaviors.same();
          })
          .build();
    }
  }

  /** Spawns a worker that stops itself and reports the Terminated signal to whoever asked. */
  static final class Supervisor {
    record Run(ActorRef<String> replyTo) {}

    static Behavior<Run> create() {
      return Behaviors.receive(Run.class)
          .onMessage(Run.class, (ctx, run) -> {
            ActorRef<String> worker = ctx.spawn(Behaviors.receiveMessage(m -> Behaviors.stopped()), "worker");
            ctx.watch(worker);
            worker.tell("finish");
            return Behaviors.receive(Run.class)
                .onSignal(Terminated.class, (c, t) -> {
                  run.replyTo().tell("the supervisor saw " + t.ref().path().name() + " stop");
                  return Behaviors.same();
                })
                .build();
          })
          .build();
    }
  }
}
