package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterSettingsTest {

  @Test
  void defaultsAndKeyLayout() {
    ClusterSettings settings = ClusterSettings.defaults();
    assertEquals(Duration.ofSeconds(10), settings.leaseTtl());
    assertEquals("/cruster/runners/10.0.0.7:7000", settings.runnerKey("10.0.0.7:7000"));
    assertEquals("/cruster/shards/orders/17", settings.shardKey(new ShardId("orders", 17)));
  }

  @Test
  void badSettingsAreRejectedByName() {
    ClusterSettings d = ClusterSettings.defaults();
    assertMessage("keyPrefix", () -> d.withKeyPrefix("/cruster/"));
    assertMessage("leaseTtl", () -> d.withLease(Duration.ofMillis(2500), Duration.ZERO));
    assertMessage("leaseTtl", () -> d.withLease(Duration.ofSeconds(1), Duration.ZERO));
    assertMessage("fenceMargin", () -> d.withLease(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    assertMessage("requestTimeout", () -> d.withRequestTimeout(Duration.ZERO));
  }

  private static void assertMessage(String setting, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().startsWith(setting), e.getMessage());
  }
}
