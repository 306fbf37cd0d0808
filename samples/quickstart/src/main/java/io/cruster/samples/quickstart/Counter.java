package io.cruster.samples.quickstart;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;

/** The counter of the README: a public activity that changes state and an rpc that reads it. */
public final class Counter {
  private Counter() {}

  public record CounterState(int count) {}

  @Public
  public record Increment(int amount) implements Activity<Integer> {}

  public record GetCount() implements Rpc<Integer> {}

  public static final EntityType<CounterState> TYPE =
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
}
