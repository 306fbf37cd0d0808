package io.cruster.samples.cluster;

import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowCancelledException;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * An order workflow to follow and steer across runners: reserve, a durable pause, await approval,
 * charge, ship; a cancellation releases the reservation (the compensation). Every step inserts a
 * row into {@code order_events} through {@code ctx.sql()}, in the transaction that commits it, so
 * the rows say which runner ran each step and how often.
 */
public final class Order {
  public record State(int events) {}

  public static final Deferred<Boolean> APPROVAL = Deferred.of("approval", Boolean.class);

  /** Replies "shipped" (or "rejected" when not approved). */
  @Public
  public record Place(String orderId, long pauseMillis) implements Workflow<String> {}

  public record Step(String orderId, String what) implements Activity<String> {}

  public static final EntityType<State> TYPE =
      EntityType.define("Order", State.class)
          .init(ctx -> new State(0))
          .workflow(
              Place.class,
              (ctx, m) -> {
                try {
                  ctx.run(new Step(m.orderId(), "reserve"));
                  ctx.sleep(Duration.ofMillis(m.pauseMillis()));
                  if (!ctx.await(APPROVAL)) {
                    ctx.run(new Step(m.orderId(), "release"));
                    return "rejected";
                  }
                  ctx.run(new Step(m.orderId(), "charge"));
                  ctx.run(new Step(m.orderId(), "ship"));
                  return "shipped";
                } catch (WorkflowCancelledException cancelled) {
                  ctx.run(new Step(m.orderId(), "release"));
                  throw cancelled;
                }
              })
          .activity(
              Step.class,
              (ctx, m) -> {
                try (PreparedStatement s =
                    ctx.sql()
                        .prepareStatement(
                            "INSERT INTO order_events (order_id, what, runner, at)"
                                + " VALUES (?, ?, ?, clock_timestamp())")) {
                  s.setString(1, m.orderId());
                  s.setString(2, m.what());
                  s.setString(3, RunnerApp.RUNNER_ID);
                  s.executeUpdate();
                }
                ctx.setState(new State(ctx.state().events() + 1));
                return m.what();
              })
          .build();

  private Order() {}
}
