package io.cruster.admin.internal;

import io.cruster.sharding.ClusterStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's health verdict: the node's own {@link io.cruster.sharding.Health} (node, storage,
 * lease, shards), made at least DEGRADED while dead letters wait for an operator.
 */
final class Health {
  private Health() {}

  static Map<String, Object> of(io.cruster.sharding.Health node, ClusterStatus s) {
    List<String> reasons = new ArrayList<>(node.reasons());
    String status = node.status().name();
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
