package io.cruster.admin.internal;

import io.cruster.sharding.ClusterStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's health verdict, derived from {@link ClusterStatus} until the cluster reports its
 * own: DOWN when this runner serves no shard, DEGRADED when it is rejoining, serves fewer shards
 * than assigned, or dead letters wait; else UP.
 */
final class Health {
  private Health() {}

  static Map<String, Object> of(ClusterStatus s) {
    List<String> reasons = new ArrayList<>();
    String status = "UP";
    if (s.servedShards() == 0) {
      status = "DOWN";
      reasons.add("this runner serves no shard");
    }
    if (s.runner().endsWith("(rejoining)")) {
      status = "DOWN".equals(status) ? status : "DEGRADED";
      reasons.add("this runner is rejoining the cluster");
    }
    int assigned =
        s.runners().stream()
            .filter(r -> s.runner().startsWith(r.address()))
            .mapToInt(ClusterStatus.Runner::assignedShards)
            .sum();
    if (!s.runners().isEmpty() && s.servedShards() > 0 && s.servedShards() < assigned) {
      status = "DEGRADED";
      reasons.add("serving " + s.servedShards() + " of " + assigned + " assigned shards");
    }
    if (!s.deadLetters().isEmpty()) {
      if ("UP".equals(status)) {
        status = "DEGRADED";
      }
      reasons.add(s.deadLetters().size() + " dead-lettered request(s) wait for a redrive");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("reasons", reasons);
    return m;
  }
}
