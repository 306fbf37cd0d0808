package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cruster.actors.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile configuration: any set of {@code CRUSTER_*} variables with any values either builds a
 * valid {@link ShardingConfig} or fails with {@link ConfigException} naming the key.
 */
class ShardingConfigFuzzTest {
  static final List<String> KEYS =
      List.of(
          "CRUSTER_SHARDS_PER_GROUP",
          "CRUSTER_ENTITY_MAX_IDLE_TIME",
          "CRUSTER_ENTITY_MAILBOX_CAPACITY",
          "CRUSTER_STORAGE_POLL_INTERVAL",
          "CRUSTER_STORAGE_MESSAGE_MAX_RETRIES",
          "CRUSTER_CALL_TIMEOUT",
          "CRUSTER_REQUEST_RETENTION",
          "CRUSTER_MAX_MESSAGE_BYTES",
          "CRUSTER_RUNNER_ADDRESS",
          "CRUSTER_RUNNER_WEIGHT",
          "CRUSTER_SHARD_GROUPS",
          "CRUSTER_CLUSTER_PREFIX",
          "CRUSTER_RUNNER_LEASE_TTL",
          "CRUSTER_SHARD_HANDOVER_TIMEOUT");

  @FuzzTest(maxDuration = "30s")
  void anyEnvironmentBuildsAValidConfigOrFailsWithConfigException(FuzzedDataProvider data) {
    Map<String, String> env = new HashMap<>();
    int entries = data.consumeInt(0, KEYS.size());
    for (int i = 0; i < entries; i++) {
      env.put(data.pickValue(KEYS), data.consumeString(64));
    }
    ShardingConfig config;
    try {
      config = ShardingConfig.fromEnvironment(env);
    } catch (ConfigException e) {
      assertTrue(
          env.keySet().stream()
              .anyMatch(k -> e.getMessage().contains(k) || e.getMessage().contains(camel(k))),
          "names the variable or setting: " + e.getMessage());
      return;
    }
    assertNotNull(config.toString());
    assertTrue(config.shardsPerGroup() >= 1);
    assertTrue(config.runnerLeaseTtl().toMillis() >= 2000);
    assertTrue(config.maxMessageBytes() > 0);
  }

  /** {@code CRUSTER_SHARDS_PER_GROUP} → {@code shardsPerGroup}. */
  static String camel(String variable) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : variable.substring("CRUSTER_".length()).toLowerCase().toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }
}
