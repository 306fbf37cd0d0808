package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardingConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    ShardingConfig c = ShardingConfig.defaults();
    assertEquals(2048, c.shardsPerGroup());
    assertEquals("127.0.0.1:0", c.runnerAddress());
    assertEquals(1, c.runnerWeight());
    assertEquals(Set.of("default"), c.shardGroups());
    assertEquals("/cruster", c.clusterPrefix());
    assertEquals(Duration.ofSeconds(10), c.runnerLeaseTtl());
    assertEquals(Duration.ofSeconds(10), c.shardHandoverTimeout());
  }

  @Test
  void environmentVariablesOverrideTheClusterSettings() {
    ShardingConfig c =
        ShardingConfig.fromEnvironment(
            Map.of(
                "CRUSTER_RUNNER_ADDRESS", "10.0.0.7:9000",
                "CRUSTER_RUNNER_WEIGHT", "0",
                "CRUSTER_SHARD_GROUPS", "default, orders,,",
                "CRUSTER_CLUSTER_PREFIX", "/prod",
                "CRUSTER_RUNNER_LEASE_TTL", "PT5S",
                "CRUSTER_SHARD_HANDOVER_TIMEOUT", "PT2S",
                "CRUSTER_WORKFLOW_RETENTION", "P30D"));
    assertEquals("10.0.0.7:9000", c.runnerAddress());
    assertEquals(0, c.runnerWeight());
    assertEquals(Set.of("default", "orders"), c.shardGroups());
    assertEquals("/prod", c.clusterPrefix());
    assertEquals(Duration.ofSeconds(5), c.runnerLeaseTtl());
    assertEquals(Duration.ofSeconds(2), c.shardHandoverTimeout());
    assertEquals(Duration.ofDays(30), c.workflowRetention());
    assertEquals(
        Set.of(),
        ShardingConfig.fromEnvironment(Map.of("CRUSTER_SHARD_GROUPS", "none")).shardGroups());
  }

  @Test
  void badClusterSettingsFailNamingTheKey() {
    assertBad("runnerAddress", () -> ShardingConfig.builder().runnerAddress("no-port").build());
    assertBad("runnerAddress", () -> ShardingConfig.builder().runnerAddress("host:70000").build());
    assertBad("runnerAddress", () -> ShardingConfig.builder().runnerAddress("a/b:9000").build());
    assertBad("runnerWeight", () -> ShardingConfig.builder().runnerWeight(-1).build());
    assertBad("shardGroups", () -> ShardingConfig.builder().shardGroups(Set.of("a,b")).build());
    assertBad("shardGroups", () -> ShardingConfig.builder().shardGroups(Set.of(" ")).build());
    assertBad("clusterPrefix", () -> ShardingConfig.builder().clusterPrefix("cruster").build());
    assertBad("clusterPrefix", () -> ShardingConfig.builder().clusterPrefix("/cruster/").build());
    assertBad(
        "runnerLeaseTtl",
        () -> ShardingConfig.builder().runnerLeaseTtl(Duration.ofSeconds(1)).build());
    assertBad(
        "runnerLeaseTtl",
        () -> ShardingConfig.builder().runnerLeaseTtl(Duration.ofMillis(2500)).build());
    assertBad(
        "shardHandoverTimeout",
        () -> ShardingConfig.builder().shardHandoverTimeout(Duration.ZERO).build());
    assertBad(
        "workflowRetention",
        () -> ShardingConfig.builder().workflowRetention(Duration.ofDays(-1)).build());
    assertBad(
        "CRUSTER_RUNNER_WEIGHT",
        () -> ShardingConfig.fromEnvironment(Map.of("CRUSTER_RUNNER_WEIGHT", "many")));
  }

  private static void assertBad(String key, Runnable build) {
    ConfigException e = assertThrows(ConfigException.class, build::run);
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
