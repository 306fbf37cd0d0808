package io.cruster.samples.quickstart;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.SingleRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: a counter and an order workflow on one node, stored in an embedded PostgreSQL
 * under {@code .cruster/postgres}. Run it with {@code scripts/quickstart}, as often as you like:
 * each run places an order of its own. Kill it during the cooling-off and run it again: the
 * workflow of that order resumes where it was, and nothing is charged twice.
 */
public final class Main {
  /** How long the tour waits for an order to get as far as it should; far more than it needs. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Main() {}

  public static void main(String[] args) throws Exception {
    run(SingleRunner.DEFAULT_EMBEDDED_DIRECTORY, System.out);
  }

  /** Runs the tour on the embedded database in {@code dataDirectory}, printing to {@code out}. */
  static void run(Path dataDirectory, PrintStream out) throws Exception {
    Instant started = Instant.now();
    try (SingleRunner runner = SingleRunner.builder().embedded(dataDirectory).build().start()) {
      EntityClient counters = runner.register(Counter.TYPE);
      EntityClient orders = runner.register(Order.TYPE);

      out.println("1. counters: an activity changes state, an rpc reads it");
      int before = counters.call("counter-1", new Counter.GetCount());
      counters.call("counter-1", new Counter.Increment(5));
      int count = counters.call("counter-1", new Counter.Increment(2));
      out.println(
          "   counter-1 = "
              + count
              + (before == 0 ? "" : " (it was " + before + " when this run began: state is stored)")
              + ", counter-2 = "
              + counters.call("counter-2", new Counter.GetCount()));

      out.println(
          "2. an order workflow: validate, charge, a durable "
              + Order.COOLING_OFF.toSeconds()
              + " s cooling-off, then wait for approval");
      String orderId = currentOrder(counters, orders, out);
      CompletableFuture<String> placed = orders.callAsync(orderId, new Order.Place(orderId, 4200));
      Order.OrderState state = waitForApprovalOrEnd(orders, orderId);
      if (!state.finished()) {
        out.println(
            "   "
                + orderId
                + " is "
                + state.status()
                + "; the workflow holds no lock while it waits");
        out.println("3. another call approves it: after its cooling-off the workflow ships");
        orders.call(orderId, new Order.Approve(true));
      } else {
        out.println("3. " + orderId + " is " + state.status() + " already: nothing to approve");
      }
      out.println("   workflow replied: " + placed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));

      out.println(
          "4. placing the same order again returns the stored reply without running anything");
      String again = orders.call(orderId, new Order.Place(orderId, 4200));
      out.println(
          "   reply: "
              + again
              + "; history: "
              + orders.call(orderId, new Order.Status()).history());
    }
    out.println("5. done in " + Duration.between(started, Instant.now()).toSeconds() + " s");
  }

  /**
   * The order this run works on: the last one placed if an earlier run stopped before it finished
   * (its workflow goes on), else a new one. The "orders" counter numbers them.
   */
  private static String currentOrder(EntityClient counters, EntityClient orders, PrintStream out) {
    int last = counters.call("orders", new Counter.GetCount());
    if (last > 0) {
      String lastId = "order-" + last;
      Order.OrderState s = orders.call(lastId, new Order.Status());
      if (s.status().equals("new")) {
        out.println("   placing " + lastId + " (an earlier run stopped before it was placed)");
        return lastId;
      }
      if (!s.finished()) {
        out.println(
            "   "
                + lastId
                + " was left '"
                + s.status()
                + "' by an earlier run that stopped; its workflow goes on where it was");
        return lastId;
      }
      out.print("   " + lastId + " was " + s.status() + " by an earlier run; ");
    } else {
      out.print("   ");
    }
    String id = "order-" + counters.call("orders", new Counter.Increment(1));
    out.println(
        "placing "
            + id
            + " (kill me during the cooling-off and run me again: the workflow goes on where it"
            + " was)");
    return id;
  }

  /**
   * Polls the order's status, as a user interface would, until it awaits approval or has ended.
   *
   * @throws IllegalStateException if it gets neither far within {@link #PATIENCE}
   */
  private static Order.OrderState waitForApprovalOrEnd(EntityClient orders, String orderId)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      Order.OrderState s = orders.call(orderId, new Order.Status());
      if (s.status().equals(Order.AWAITING_APPROVAL) || s.finished()) {
        return s;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            orderId + " is still '" + s.status() + "' after " + PATIENCE.toSeconds() + " s");
      }
      Thread.sleep(50); // a sample polling a status, as a user interface would
    }
  }
}
