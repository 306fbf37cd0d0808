package io.cruster.benchmarks;

import io.cruster.benchmarks.EntityCallsCruster.Shape;
import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Callers;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Entity calls on Pekko Cluster Sharding typed, the same shapes as {@link EntityCallsCruster}: a
 * one-node cluster ({@link PekkoCluster}), a counter entity, and {@value
 * EntityCallsCruster#CALLERS} virtual threads each blocking on {@code AskPattern.ask(entityRef,
 * ...).toCompletableFuture().get()}. The counter's state lives in the actor and is not persisted:
 * the activity shape's peer is a state-changing command, the cheapest thing Pekko can do for it.
 */
final class EntityCallsPekko implements Workload {
  static final int CALLERS = EntityCallsCruster.CALLERS;
  static final int ENTITIES = EntityCallsCruster.ENTITIES;
  static final Duration ASK_TIMEOUT = AskCruster.ASK_TIMEOUT;

  sealed interface Command {}

  record Increment(int amount, ActorRef<Integer> replyTo) implements Command {}

  record GetCount(ActorRef<Integer> replyTo) implements Command {}

  static final EntityTypeKey<Command> COUNTER = EntityTypeKey.create(Command.class, "Counter");

  /** The counter: a mutable count, one receive built per entity. */
  static final class Counter extends AbstractBehavior<Command> {
    private int count;

    private Counter(ActorContext<Command> ctx) {
      super(ctx);
    }

    static Behavior<Command> create() {
      return Behaviors.setup(Counter::new);
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Increment.class, this::onIncrement)
          .onMessage(GetCount.class, this::onGetCount)
          .build();
    }

    private Behavior<Command> onIncrement(Increment m) {
      count += m.amount();
      m.replyTo().tell(count);
      return this;
    }

    private Behavior<Command> onGetCount(GetCount m) {
      m.replyTo().tell(count);
      return this;
    }
  }

  private final Shape shape;
  private final String label;
  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final String[] ids = new String[ENTITIES];
  private long increments;
  private long nextFresh;

  private EntityCallsPekko(Shape shape) {
    this.shape = shape;
    this.label = "Pekko entity " + shape.label;
    for (int i = 0; i < ENTITIES; i++) {
      ids[i] = "counter-" + i;
    }
    system = PekkoCluster.start("entities");
    try {
      sharding = ClusterSharding.get(system);
      sharding.init(Entity.of(COUNTER, ctx -> Counter.create()));
      // The first message waits for the shard coordinator (a cluster singleton) to start: sharding
      // is ready.
      Integer count =
          Await.future(
              AskPattern.<Command, Integer>ask(
                  sharding.entityRefFor(COUNTER, ids[0]),
                  GetCount::new,
                  Await.SYSTEM,
                  system.scheduler()),
              Await.SYSTEM.plus(Await.SYSTEM),
              label + ": first message (sharding ready)");
      expectCount(count, 0, ids[0]);
    } catch (RuntimeException e) {
      PekkoCluster.stop(system, label);
      throw e;
    }
  }

  static Workload open(Shape shape) {
    return new EntityCallsPekko(shape);
  }

  @Override
  public Sample run(long n) throws Exception {
    Sample sample =
        switch (shape) {
          case RPC ->
              Callers.run(
                  CALLERS,
                  n,
                  (caller, seq) ->
                      expectCount(
                          ask(ids[(int) (seq % ENTITIES)], GetCount::new),
                          0,
                          ids[(int) (seq % ENTITIES)]),
                  label);
          case ACTIVITY ->
              Callers.run(
                  CALLERS,
                  n,
                  (caller, seq) ->
                      positive(
                          ask(ids[(int) (seq % ENTITIES)], replyTo -> new Increment(1, replyTo))),
                  label);
          case ACTIVATION -> {
            long base = nextFresh;
            nextFresh += n;
            yield Callers.run(
                CALLERS,
                n,
                (caller, seq) ->
                    expectCount(ask("fresh-" + (base + seq), GetCount::new), 0, "fresh"),
                label);
          }
        };
    if (shape == Shape.ACTIVITY) {
      increments += n;
      long total = 0;
      for (String id : ids) {
        total += ask(id, GetCount::new);
      }
      if (total != increments) {
        throw new ScenarioFailedException(
            label + ": the counters add up to " + total + " after " + increments + " increments");
      }
    }
    return sample;
  }

  private Integer ask(String id, Function<ActorRef<Integer>, Command> message) throws Exception {
    EntityRef<Command> ref = sharding.entityRefFor(COUNTER, id);
    CompletionStage<Integer> reply =
        AskPattern.ask(ref, message::apply, ASK_TIMEOUT, system.scheduler());
    try {
      // The ask itself times out after ASK_TIMEOUT; the get is bounded too, in case it never
      // completes.
      return reply.toCompletableFuture().get(2 * ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ScenarioFailedException(
          label + ": no reply from " + id + " within " + 2 * ASK_TIMEOUT.toSeconds() + " s", e);
    }
  }

  private void expectCount(Integer count, int expected, String id) {
    if (count == null || count != expected) {
      throw new ScenarioFailedException(
          label + ": GetCount of " + id + " returned " + count + " instead of " + expected);
    }
  }

  private void positive(Integer count) {
    if (count == null || count < 1) {
      throw new ScenarioFailedException(label + ": Increment(1) returned " + count);
    }
  }

  @Override
  public void close() {
    PekkoCluster.stop(system, label);
  }
}
