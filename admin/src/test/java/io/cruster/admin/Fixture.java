package io.cruster.admin;

import static org.awaitility.Awaitility.await;

import io.cruster.persistence.Storages;
import io.cruster.scheduler.ClusterCron;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * A SingleRunner on in-memory storage with something for an operator to look at: an order workflow
 * awaiting approval, a failed one, a dead letter, a cron schedule and a singleton; and its console.
 */
final class Fixture implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(30);

  final SingleRunner runner;
  final EntityClient orders;
  final EntityClient fragile;
  final WorkflowHandle<String> awaiting;
  final WorkflowHandle<String> failed;
  final String deadLetter;
  final AdminServer admin;

  Fixture(AdminSettings settings) {
    Shop.BROKEN.set(true);
    runner =
        SingleRunner.builder()
            .config(
                ShardingConfig.builder()
                    .shardsPerGroup(64)
                    .storagePollInterval(Duration.ofMillis(50))
                    .storageMessageMaxRetries(2)
                    .build())
            .storage(Storages.inMemory())
            .build();
    orders = runner.register(Shop.ORDERS);
    fragile = runner.register(Shop.FRAGILE);
    ClusterCron.schedule(runner, "nightly-report", "0 3 * * *", ZoneOffset.UTC, tick -> {});
    runner.singleton(
        "leaderboard",
        ctx -> {
          while (ctx.isActive()) {
            ctx.sleep(Duration.ofMillis(200));
          }
        });
    runner.start();
    awaiting = orders.start("order-1", new Shop.Place(4200));
    failed = orders.start("order-2", new Shop.Doomed());
    fragile.notify("broken-1", new Shop.Put(7));
    await().atMost(PATIENCE).until(() -> awaiting.status() == WorkflowStatus.AWAITING);
    // The order's committed state is what the entity lookups show.
    await().atMost(PATIENCE).until(() -> runner.entity("Order", "order-1").state().isPresent());
    await().atMost(PATIENCE).until(() -> failed.status() == WorkflowStatus.FAILED);
    await().atMost(PATIENCE).until(() -> !runner.deadLetters(10).isEmpty());
    deadLetter = runner.deadLetters(10).get(0).requestId();
    admin = AdminServer.start(runner, settings.withPort(0));
  }

  Fixture() {
    this(AdminSettings.defaults());
  }

  @Override
  public void close() {
    admin.close();
    runner.close();
    Shop.BROKEN.set(true);
  }
}
