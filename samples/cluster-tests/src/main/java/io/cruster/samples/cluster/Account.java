package io.cruster.samples.cluster;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import java.util.function.Consumer;

/** A balance per account id: deposits are persisted activities, the balance an rpc. */
public final class Account {
  public record State(long balance, int deposits) {}

  /** Adds {@code amount}; replies with the new balance. */
  @Public
  public record Deposit(long amount) implements Activity<Long> {}

  /** The balance. */
  public record Balance() implements Rpc<Long> {}

  /** How many deposits were applied (each exactly once). */
  public record Deposits() implements Rpc<Integer> {}

  /**
   * Told the account id at the start of every {@link Deposit} handler run, on the entity's thread
   * (the runner app records each run); nothing by default.
   */
  static volatile Consumer<String> onDeposit = id -> {};

  public static final EntityType<State> TYPE =
      EntityType.define("Account", State.class)
          .init(ctx -> new State(0, 0))
          .activity(
              Deposit.class,
              (ctx, m) -> {
                onDeposit.accept(ctx.entityId());
                ctx.setState(
                    new State(ctx.state().balance() + m.amount(), ctx.state().deposits() + 1));
                return ctx.state().balance();
              })
          .rpc(Balance.class, (ctx, m) -> ctx.state().balance())
          .rpc(Deposits.class, (ctx, m) -> ctx.state().deposits())
          .build();

  private Account() {}
}
