package io.cruster.samples.cluster;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Public;
import java.sql.PreparedStatement;

/**
 * The chaos suite's effect log: each {@link Append} inserts one row into {@code effects} in the
 * activity's own transaction (the row commits with the activity's state and reply, or not at all),
 * keyed by the caller's request key, so counting rows per key tells how often a request really took
 * effect.
 */
public final class Ledger {
  /** How many appends this ledger applied. */
  public record State(long appended) {}

  /** Appends an effect for request {@code key}; idempotent by it. */
  @Public
  public record Append(String key) implements Activity<Long>, Idempotent {
    @Override
    public String idempotencyKey() {
      return key;
    }
  }

  public static final EntityType<State> TYPE =
      EntityType.define("Ledger", State.class)
          .init(ctx -> new State(0))
          .activity(
              Append.class,
              (ctx, m) -> {
                try (PreparedStatement insert =
                    ctx.sql()
                        .prepareStatement(
                            "INSERT INTO effects (request_key, ledger, runner, at)"
                                + " VALUES (?, ?, ?, clock_timestamp())")) {
                  insert.setString(1, m.key());
                  insert.setString(2, ctx.entityId());
                  insert.setString(3, RunnerApp.RUNNER_ID);
                  insert.executeUpdate();
                }
                ctx.setState(new State(ctx.state().appended() + 1));
                return ctx.state().appended();
              })
          .build();

  private Ledger() {}
}
