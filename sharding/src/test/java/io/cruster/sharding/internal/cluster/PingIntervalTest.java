package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A runner pings its peers often enough to notice a frozen one within about the lease TTL. */
class PingIntervalTest {
  @Test
  void aQuarterOfTheLeaseTtl() {
    assertEquals(Duration.ofMillis(750), ClusterNode.pingInterval(Duration.ofSeconds(3)));
  }

  @Test
  void neverBelow250Milliseconds() {
    assertEquals(Duration.ofMillis(250), ClusterNode.pingInterval(Duration.ofMillis(500)));
  }

  @Test
  void neverAboveTheTransportDefault() {
    assertEquals(Duration.ofSeconds(5), ClusterNode.pingInterval(Duration.ofSeconds(60)));
  }
}
