package io.cruster.samples.quickstart;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.SingleRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The quickstart: a counter and an order workflow on one node, stored in an embedded PostgreSQL
 * under {@code .cruster/postgres}. Run it with {@code scripts/quickstart}; kill it during the
 * cooling-off and run it again: the workflow resumes where it was, and nothing is charged twice.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    try (SingleRunner runner =
        SingleRunner.builder().embedded(Path.of(".cruster", "postgres")).build().start()) {
      EntityClient counters = runner.register(Counter.TYPE);
      EntityClient orders = runner.register(Order.TYPE);

      System.out.println("1. counters: an activity changes state, an rpc reads it");
      int count = counters.call("counter-1", new Counter.Increment(5));
      count = counters.call("counter-1", new Counter.Increment(2));
      System.out.println(
          "   counter-1 = "
              + count
              + ", counter-2 = "
              + counters.call("counter-2", new Counter.GetCount()));

      System.out.println(
          "2. an order workflow: validate, charge, a durable "
              + Order.COOLING_OFF.toSeconds()
              + " s cooling-off, then wait for approval (kill me now and run me again: the workflow goes on where it was)");
      CompletableFuture<String> placed =
          orders.callAsync("order-1", new Order.Place("order-1", 4200));
      Order.OrderState state = waitFor(orders, "charged, awaiting approval");
      System.out.println(
          "   order-1 is " + state.status() + "; the workflow holds no lock while it waits");

      System.out.println("3. another call approves it: the workflow wakes up and ships");
      orders.call("order-1", new Order.Approve(true));
      System.out.println("   workflow replied: " + placed.get());

      System.out.println(
          "4. placing the same order again returns the stored reply without running anything");
      String again = orders.call("order-1", new Order.Place("order-1", 4200));
      System.out.println(
          "   reply: "
              + again
              + "; history: "
              + orders.call("order-1", new Order.Status()).history());
    }
    System.out.println("5. done");
  }

  private static Order.OrderState waitFor(EntityClient orders, String status)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      Order.OrderState s = orders.call("order-1", new Order.Status());
      if (s.status().equals(status) || Instant.now().isAfter(deadline)) {
        return s;
      }
      Thread.sleep(50); // a sample polling a status, as a user interface would
    }
  }
}
