package io.cruster.samples.quickstart;

import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An order, one entity per order id. {@link Place} is a workflow: it validates and charges
 * (activities, each run once even across crashes), waits out a cooling-off period (a durable
 * sleep), then waits for an approval that another call delivers (a deferred), and ships or refunds.
 * Placing the same order again returns the stored reply.
 */
public final class Order {
  private Order() {}

  /** The status of a charged order during its cooling-off and until it is approved. */
  static final String AWAITING_APPROVAL = "charged, awaiting approval";

  public record OrderState(String status, List<String> history) {
    /** Whether the order's workflow has ended: shipped, refunded or rejected. */
    public boolean finished() {
      return switch (status) {
        case "shipped", "refunded", "rejected" -> true;
        default -> false;
      };
    }

    OrderState then(String newStatus) {
      List<String> h = new ArrayList<>(history);
      h.add(newStatus);
      return new OrderState(newStatus, List.copyOf(h));
    }
  }

  /** Places the order; idempotent by order id, so a re-submit returns the first reply. */
  public record Place(String orderId, int amountCents) implements Workflow<String>, Idempotent {
    @Override
    public String idempotencyKey() {
      return orderId;
    }
  }

  /** Approves (or rejects) the order: resolves the deferred the workflow waits for. */
  @Public
  public record Approve(boolean approved) implements Activity<Boolean> {}

  public record Status() implements Rpc<OrderState> {}

  record Validate(int amountCents) implements Activity<Boolean> {}

  record Charge(int amountCents) implements Activity<String> {}

  record Ship() implements Activity<String> {}

  record Refund() implements Activity<String> {}

  static final Deferred<Boolean> APPROVAL = Deferred.of("approval", Boolean.class);

  /**
   * How long a placed order waits before it may ship: time enough to kill the quickstart and run it
   * again.
   */
  static final Duration COOLING_OFF = Duration.ofSeconds(5);

  public static final EntityType<OrderState> TYPE =
      EntityType.define("Order", OrderState.class)
          .init(ctx -> new OrderState("new", List.of()))
          .workflow(
              Place.class,
              (ctx, m) -> {
                if (!ctx.run(new Validate(m.amountCents()))) {
                  return "rejected: invalid amount";
                }
                String receipt = ctx.run(new Charge(m.amountCents()));
                ctx.sleep(COOLING_OFF);
                boolean approved = ctx.await(APPROVAL);
                return approved
                    ? ctx.run(new Ship()) + " (" + receipt + ")"
                    : ctx.run(new Refund());
              })
          .activity(
              Validate.class,
              (ctx, m) -> {
                System.out.println(
                    "   [" + ctx.entityId() + "] validating " + m.amountCents() + " cents");
                boolean valid = m.amountCents() > 0;
                ctx.setState(ctx.state().then(valid ? "validated" : "rejected"));
                return valid;
              })
          .activity(
              Charge.class,
              (ctx, m) -> {
                System.out.println(
                    "   ["
                        + ctx.entityId()
                        + "] charging the card (runs once, even across crashes)");
                ctx.setState(ctx.state().then(AWAITING_APPROVAL));
                return "receipt-" + ctx.entityId();
              })
          .activity(
              Approve.class,
              (ctx, m) -> {
                ctx.resolve(APPROVAL, m.approved());
                return m.approved();
              })
          .activity(
              Ship.class,
              (ctx, m) -> {
                System.out.println("   [" + ctx.entityId() + "] shipping");
                ctx.setState(ctx.state().then("shipped"));
                return "shipped";
              })
          .activity(
              Refund.class,
              (ctx, m) -> {
                ctx.setState(ctx.state().then("refunded"));
                return "refunded";
              })
          .rpc(Status.class, (ctx, m) -> ctx.state())
          .build();
}
