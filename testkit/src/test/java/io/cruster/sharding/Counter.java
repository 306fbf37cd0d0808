package io.cruster.sharding;

/** The counter of DESIGN.md, plus decrement and reset. */
public final class Counter {
  private Counter() {}

  public record CounterState(int count) {}

  @Public
  public record Increment(int amount) implements Activity<Integer> {}

  @Public
  public record Decrement(int amount) implements Activity<Integer> {}

  @Public
  public record Reset() implements Activity<Integer> {}

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
          .activity(
              Decrement.class,
              (ctx, m) -> {
                ctx.setState(new CounterState(ctx.state().count() - m.amount()));
                return ctx.state().count();
              })
          .activity(
              Reset.class,
              (ctx, m) -> {
                ctx.setState(new CounterState(0));
                return 0;
              })
          .rpc(GetCount.class, (ctx, m) -> ctx.state().count())
          .build();
}
