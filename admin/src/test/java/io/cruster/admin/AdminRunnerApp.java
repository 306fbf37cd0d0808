package io.cruster.admin;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One runner JVM of {@link TwoRunnerAdminIT}: a {@link Sharding} runner with the {@link Shop}
 * entities and its console on a free port. Args: JDBC URL, etcd endpoint, cluster prefix, and
 * {@code seed} to start an order awaiting approval and a failed one. Prints {@code ADMIN <uri>},
 * then {@code SEEDED <awaiting> <failed>} when seeding, then {@code READY}; runs until killed.
 */
public final class AdminRunnerApp {
  private AdminRunnerApp() {}

  public static void main(String[] args) throws Exception {
    ShardingConfig config =
        ShardingConfig.builder()
            .runnerAddress("127.0.0.1:0")
            .clusterPrefix(args[2])
            .shardsPerGroup(64)
            .storagePollInterval(Duration.ofMillis(100))
            .storageMessageMaxRetries(2)
            .build();
    Sharding sharding = Sharding.builder(config).jdbcUrl(args[0]).etcd(args[1]).build();
    EntityClient orders = sharding.register(Shop.ORDERS);
    sharding.register(Shop.FRAGILE);
    sharding.start();
    AdminServer admin = AdminServer.start(sharding, AdminSettings.defaults().withPort(0));
    System.out.println("ADMIN " + admin.uri());
    if (args.length > 3 && args[3].equals("seed")) {
      WorkflowHandle<String> awaiting = orders.start("order-1", new Shop.Place(4200));
      WorkflowHandle<String> failed = orders.start("order-2", new Shop.Doomed());
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while ((awaiting.status() != WorkflowStatus.AWAITING
              || failed.status() != WorkflowStatus.FAILED)
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(50); // a test app polling a status
      }
      System.out.println("SEEDED " + awaiting.executionId() + " " + failed.executionId());
    }
    System.out.println("READY");
    Thread.currentThread().join();
  }
}
