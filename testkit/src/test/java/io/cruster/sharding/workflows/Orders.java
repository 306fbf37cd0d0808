package io.cruster.sharding.workflows;

import io.cruster.sharding.Activity;
import io.cruster.sharding.Deferred;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An order entity for the workflow-execution tests: {@link Place} reserves stock, sleeps an hour,
 * awaits approval, charges and ships; a cancellation releases the stock and refunds a charge (the
 * compensation). What each activity did is recorded in the entity's state and in {@link #ran}.
 */
final class Orders {
  record OrderState(List<String> log) {
    OrderState with(String entry) {
      List<String> next = new ArrayList<>(log);
      next.add(entry);
      return new OrderState(List.copyOf(next));
    }
  }

  static final Deferred<Boolean> APPROVAL = Deferred.of("approval", Boolean.class);

  /** The whole flow; replies "ship" (or "rejected"). */
  record Place(int cents) implements Workflow<String> {}

  /** Charges right away (no sleep, no await). */
  record QuickCharge(int cents) implements Workflow<String> {}

  /** Fails: its charge throws. */
  record Doomed() implements Workflow<String> {}

  record Reserve() implements Activity<String> {}

  record Charge(int cents) implements Activity<String> {}

  record Ship() implements Activity<String> {}

  record Release() implements Activity<String> {}

  record Refund() implements Activity<String> {}

  record Log() implements Rpc<List<String>> {}

  /** Every activity run, across all orders, as "orderId:Name". */
  final List<String> ran = new CopyOnWriteArrayList<>();

  final EntityType<OrderState> type =
      EntityType.define("Order", OrderState.class)
          .init(ctx -> new OrderState(List.of()))
          .workflowRetry(RetryPolicy.none())
          .activity(Reserve.class, (ctx, m) -> record(ctx, "Reserve"))
          .activity(Charge.class, (ctx, m) -> record(ctx, "Charge " + m.cents()))
          .activity(Ship.class, (ctx, m) -> record(ctx, "Ship"))
          .activity(Release.class, (ctx, m) -> record(ctx, "Release"))
          .activity(Refund.class, (ctx, m) -> record(ctx, "Refund"))
          .rpc(Log.class, (ctx, m) -> ctx.state().log())
          .workflow(
              Place.class,
              (ctx, m) -> {
                boolean charged = false;
                try {
                  ctx.run(new Reserve());
                  ctx.sleep(Duration.ofHours(1));
                  if (!ctx.await(APPROVAL)) {
                    ctx.run(new Release());
                    return "rejected";
                  }
                  ctx.run(new Charge(m.cents()));
                  charged = true;
                  return ctx.run(new Ship());
                } catch (WorkflowCancelledException cancelled) {
                  if (charged) {
                    ctx.run(new Refund());
                  }
                  ctx.run(new Release());
                  throw cancelled;
                }
              })
          .workflow(QuickCharge.class, (ctx, m) -> ctx.run(new Charge(m.cents())))
          .workflow(
              Doomed.class,
              (ctx, m) -> {
                ctx.run(new Reserve());
                throw new IllegalStateException("no payment method");
              })
          .build();

  private String record(io.cruster.sharding.ActivityContext<OrderState> ctx, String what) {
    ran.add(ctx.entityId() + ":" + what);
    ctx.setState(ctx.state().with(what));
    return what.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }

  /** The activities run for {@code orderId}, in order. */
  List<String> ranFor(String orderId) {
    return ran.stream()
        .filter(r -> r.startsWith(orderId + ":"))
        .map(r -> r.substring(orderId.length() + 1))
        .toList();
  }
}
