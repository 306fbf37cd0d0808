package io.cruster.samples.quickstart;

import io.cruster.admin.AdminServer;
import io.cruster.admin.AdminSettings;
import io.cruster.scheduler.ClusterCron;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code scripts/quickstart --console}: the tour, then the node keeps running with the operator's
 * console at {@code http://127.0.0.1:9090} (or {@code CRUSTER_ADMIN_PORT}), leaving an order
 * workflow awaiting approval, a failed shipment workflow and a dead-lettered restock to look at,
 * until interrupted.
 */
public final class Console {
  private Console() {}

  /** While true, the warehouse cannot load its stock: requests to it fail and dead-letter. */
  static final AtomicBoolean WAREHOUSE_OFFLINE = new AtomicBoolean(true);

  record Stock(int units) {}

  /** Adds units to a warehouse's stock. */
  @Public
  record Restock(int units) implements Activity<Integer> {}

  static final EntityType<Stock> WAREHOUSE =
      EntityType.define("Warehouse", Stock.class)
          .init(
              ctx -> {
                if (WAREHOUSE_OFFLINE.get()) {
                  throw new IllegalStateException(
                      "the stock database of this warehouse is offline");
                }
                return new Stock(0);
              })
          .activity(
              Restock.class,
              (ctx, m) -> {
                ctx.setState(new Stock(ctx.state().units() + m.units()));
                return ctx.state().units();
              })
          .build();

  record Shipment(String courier) {}

  /** Books a courier for an order; fails: no courier serves the address. */
  record Dispatch(String orderId) implements Workflow<String> {}

  record BookCourier(String orderId) implements Activity<String> {}

  static final EntityType<Shipment> SHIPMENTS =
      EntityType.define("Shipment", Shipment.class)
          .init(ctx -> new Shipment("none"))
          .workflowRetry(RetryPolicy.none())
          .activity(
              BookCourier.class,
              (ctx, m) -> {
                throw new IllegalStateException("no courier serves the address of " + m.orderId());
              })
          .workflow(Dispatch.class, (ctx, m) -> ctx.run(new BookCourier(m.orderId())))
          .build();

  public static void main(String[] args) throws Exception {
    Main.main(args);
    System.out.println();
    System.out.println("6. the operator's console");
    SingleRunner runner =
        SingleRunner.builder()
            .config(ShardingConfig.builder().storageMessageMaxRetries(3).build())
            .embedded(SingleRunner.DEFAULT_EMBEDDED_DIRECTORY)
            .build();
    EntityClient orders = runner.register(Order.TYPE);
    runner.register(Counter.TYPE);
    EntityClient shipments = runner.register(SHIPMENTS);
    EntityClient warehouses = runner.register(WAREHOUSE);
    ClusterCron.schedule(runner, "nightly-report", "0 3 * * *", ZoneOffset.UTC, tick -> {});
    runner.start();
    String run = Long.toString(Instant.now().getEpochSecond(), 36);
    String orderId = "console-" + run;
    WorkflowHandle<String> awaiting = orders.start(orderId, new Order.Place(orderId, 1999));
    WorkflowHandle<String> failed = shipments.start(orderId, new Dispatch(orderId));
    warehouses.notify("berlin-" + run, new Restock(12));
    await(() -> failed.status() == WorkflowStatus.FAILED, "the shipment workflow fails");
    await(() -> !runner.deadLetters(100).isEmpty(), "the restock is dead-lettered");
    WAREHOUSE_OFFLINE.set(false);
    AdminSettings settings = AdminSettings.defaults().withEnvironment(System.getenv());
    AdminServer admin = AdminServer.start(runner, settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  admin.close();
                  runner.close();
                  stopped.countDown();
                }));
    System.out.println("   console: " + admin.uri());
    System.out.println(
        "   "
            + orderId
            + " awaits approval (after a "
            + Order.COOLING_OFF.toSeconds()
            + " s cooling-off): execution "
            + awaiting.executionId());
    System.out.println("   a failed shipment workflow: execution " + failed.executionId());
    System.out.println(
        "   a dead-lettered restock: the warehouse is back online now, redrive it from the console");
    System.out.println(
        "   or from a terminal: scripts/cruster workflows list --url " + admin.uri());
    System.out.println("   Ctrl-C stops the node.");
    stopped.await();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gave up waiting until " + what);
      }
      Thread.sleep(100); // a sample polling a status, as a user interface would
    }
  }
}
