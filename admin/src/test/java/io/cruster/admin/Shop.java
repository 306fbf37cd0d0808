package io.cruster.admin;

import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entities for the console's tests: orders whose {@link Place} workflow awaits an approval, a
 * {@link Doomed} workflow that fails at its second step, and a fragile entity whose requests are
 * dead-lettered while {@link #BROKEN}.
 */
public final class Shop {
  private Shop() {}

  /** While true, entities named {@code broken-*} fail to load: their requests dead-letter. */
  public static final AtomicBoolean BROKEN = new AtomicBoolean(true);

  public record OrderState(List<String> log, int cents) {
    OrderState with(String entry) {
      List<String> next = new ArrayList<>(log);
      next.add(entry);
      return new OrderState(List.copyOf(next), cents);
    }
  }

  public static final Deferred<Boolean> APPROVAL = Deferred.of("approval", Boolean.class);

  /** Reserves, awaits the approval, ships. */
  public record Place(int cents) implements Workflow<String> {}

  /** Reserves, then fails at its second step. */
  public record Doomed() implements Workflow<String> {}

  record Reserve(int cents) implements Activity<String> {}

  record Ship() implements Activity<String> {}

  record Explode() implements Activity<String> {}

  public static final EntityType<OrderState> ORDERS =
      EntityType.define("Order", OrderState.class)
          .init(ctx -> new OrderState(List.of(), 0))
          .workflowRetry(RetryPolicy.none())
          .activity(
              Reserve.class,
              (ctx, m) -> {
                ctx.setState(new OrderState(ctx.state().with("reserved").log(), m.cents()));
                return "reserved";
              })
          .activity(
              Ship.class,
              (ctx, m) -> {
                ctx.setState(ctx.state().with("shipped"));
                return "shipped";
              })
          .activity(
              Explode.class,
              (ctx, m) -> {
                throw new IllegalStateException("the payment provider is down");
              })
          .workflow(
              Place.class,
              (ctx, m) -> {
                ctx.run(new Reserve(m.cents()));
                if (!ctx.await(APPROVAL)) {
                  return "rejected";
                }
                return ctx.run(new Ship());
              })
          .workflow(
              Doomed.class,
              (ctx, m) -> {
                ctx.run(new Reserve(1));
                return ctx.run(new Explode());
              })
          .build();

  public record Box(int value) {}

  @Public
  public record Put(int value) implements Activity<Integer> {}

  public static final EntityType<Box> FRAGILE =
      EntityType.define("Fragile", Box.class)
          .init(
              ctx -> {
                if (BROKEN.get() && ctx.entityId().startsWith("broken")) {
                  throw new IllegalStateException("the database of this entity is not ready");
                }
                return new Box(0);
              })
          .activity(
              Put.class,
              (ctx, m) -> {
                ctx.setState(new Box(m.value()));
                return m.value();
              })
          .build();
}
