package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Callers;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.persistence.Storages;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.SingleRunner;

/**
 * Entity calls on Cruster: {@value #CALLERS} virtual threads making blocking {@code client.call}s
 * to the counter entity of DESIGN.md §2 on a {@link SingleRunner} with its default in-memory
 * storage. Three shapes ({@link Shape}): rpcs over {@value #ENTITIES} entities, public activities
 * (the durable request path: the request is saved, the state and result committed) over the same
 * entities, and rpcs to a fresh id per call (each call activates an entity).
 */
final class EntityCallsCruster implements Workload {
  static final int CALLERS = 64;
  static final int ENTITIES = 1_000;

  /** What each call does. */
  enum Shape {
    RPC("rpc calls"),
    ACTIVITY("public-activity calls"),
    ACTIVATION("activations");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  record CounterState(int count) {}

  @Public
  record Increment(int amount) implements Activity<Integer> {}

  record GetCount() implements Rpc<Integer> {}

  static final EntityType<CounterState> COUNTER =
      EntityType.define("Counter", CounterState.class)
          .init(ctx -> new CounterState(0))
          .activity(
              Increment.class,
              (ctx, m) -> {
                ctx.setState(new CounterState(ctx.state().count() + m.amount()));
                return ctx.state().count();
              })
          .rpc(GetCount.class, (ctx, m) -> ctx.state().count())
          .build();

  private static final GetCount GET_COUNT = new GetCount();
  private static final Increment INCREMENT = new Increment(1);

  private final Shape shape;
  private final String label;
  private final SingleRunner runner;
  private final EntityClient counters;
  private final String[] ids = new String[ENTITIES];

  /** Increments made so far, checked against the entities' counts after each batch. */
  private long increments;

  /** The first fresh id of the next activation batch. */
  private long nextFresh;

  private EntityCallsCruster(Shape shape) {
    this.shape = shape;
    this.label = "Cruster entity " + shape.label;
    for (int i = 0; i < ENTITIES; i++) {
      ids[i] = "counter-" + i;
    }
    // In-memory storage, said explicitly: a SingleRunner without storage starts an embedded
    // PostgreSQL.
    SingleRunner.Builder builder = SingleRunner.builder().storage(Storages.inMemory());
    BenchInstrumentation.instrumentations().forEach(builder::instrumentation);
    runner = builder.build();
    try {
      counters = runner.register(COUNTER);
      runner.start();
      expectCount(counters.call(ids[0], GET_COUNT), 0, ids[0]);
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  static Workload open(Shape shape) {
    return new EntityCallsCruster(shape);
  }

  @Override
  public Sample run(long n) {
    Sample sample =
        switch (shape) {
          case RPC ->
              Callers.run(
                  CALLERS,
                  n,
                  (caller, seq) ->
                      expectCount(
                          counters.call(ids[(int) (seq % ENTITIES)], GET_COUNT),
                          0,
                          ids[(int) (seq % ENTITIES)]),
                  label);
          case ACTIVITY ->
              Callers.run(
                  CALLERS,
                  n,
                  (caller, seq) -> positive(counters.call(ids[(int) (seq % ENTITIES)], INCREMENT)),
                  label);
          case ACTIVATION -> {
            long base = nextFresh;
            nextFresh += n;
            yield Callers.run(
                CALLERS,
                n,
                (caller, seq) ->
                    expectCount(counters.call("fresh-" + (base + seq), GET_COUNT), 0, "fresh"),
                label);
          }
        };
    if (shape == Shape.ACTIVITY) {
      increments += n;
      long total = 0;
      for (String id : ids) {
        total += counters.call(id, GET_COUNT);
      }
      if (total != increments) {
        throw new ScenarioFailedException(
            label + ": the counters add up to " + total + " after " + increments + " increments");
      }
    }
    return sample;
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
    runner.close();
  }
}
