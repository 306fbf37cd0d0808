package io.cruster.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cruster.scheduler.CronStatus;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.DeadLetteredRequest;
import io.cruster.sharding.EntitySnapshot;
import io.cruster.sharding.ShardMap;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the public Cluster types as JSON-ready maps, with a cap on every payload, state and error
 * text ({@code previewBytes}): longer ones are cut and marked. Stateless apart from its mapper;
 * thread-safe.
 */
final class Views {
  private final ObjectMapper mapper;
  private final int previewBytes;

  Views(int previewBytes) {
    this.previewBytes = previewBytes;
    this.mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** Text cut to the preview cap; a cut text ends with an ellipsis and a note of its length. */
  String text(String s) {
    if (s == null || s.length() <= previewBytes) {
      return s;
    }
    return s.substring(0, previewBytes) + "… (" + s.length() + " characters, cut)";
  }

  private static String time(Instant i) {
    return i == null ? null : i.toString();
  }

  private static String time(Optional<Instant> i) {
    return i.map(Instant::toString).orElse(null);
  }

  Map<String, Object> cluster(ClusterStatus s, Map<String, Object> health, boolean readOnly) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runner", s.runner());
    List<Object> runners = new ArrayList<>();
    for (ClusterStatus.Runner r : s.runners()) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("address", r.address());
      rm.put("incarnation", r.incarnation());
      rm.put("weight", r.weight());
      rm.put("groups", new java.util.TreeSet<>(r.groups()));
      rm.put("assignedShards", r.assignedShards());
      runners.add(rm);
    }
    m.put("runners", runners);
    m.put("servedShards", s.servedShards());
    m.put("liveEntities", new java.util.TreeMap<>(s.liveEntities()));
    m.put("queuedDeliveries", s.queuedDeliveries());
    m.put("singletons", new java.util.TreeSet<>(s.singletons()));
    m.put("deadLetters", s.deadLetters().size());
    m.put("health", health);
    m.put("readOnly", readOnly);
    return m;
  }

  /** The map as owners (a list) and, per group, each shard's index into that list. */
  Map<String, Object> shards(ShardMap map) {
    List<String> owners = new ArrayList<>(new java.util.TreeSet<>(map.countsByOwner().keySet()));
    Map<String, Object> groups = new LinkedHashMap<>();
    map.owners()
        .forEach(
            (group, list) -> {
              int[] idx = new int[list.size()];
              for (int i = 0; i < idx.length; i++) {
                idx[i] = owners.indexOf(list.get(i));
              }
              groups.put(group, idx);
            });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shardsPerGroup", map.shardsPerGroup());
    m.put("owners", owners);
    m.put("counts", map.countsByOwner());
    m.put("groups", groups);
    return m;
  }

  Map<String, Object> execution(WorkflowExecution e, Optional<WorkflowHistory> history) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executionId", e.executionId());
    m.put("entityType", e.entityType());
    m.put("entityId", e.entityId());
    m.put("tag", e.tag());
    m.put("status", e.status().name());
    m.put("finished", e.status().isFinished());
    m.put("startedAt", time(e.startedAt()));
    m.put("endedAt", time(e.endedAt()));
    m.put("failure", text(e.failure().orElse(null)));
    m.put("cancelReason", text(e.cancelReason().orElse(null)));
    m.put("restartedFrom", e.restartedFrom().orElse(null));
    m.put("cursor", e.cursor());
    if (history.isPresent()) {
      Map<Integer, WorkflowHistory.Step> recorded = new LinkedHashMap<>();
      history.get().steps().forEach(s -> recorded.put(s.number(), s));
      List<Object> steps = new ArrayList<>();
      for (WorkflowStep s : e.steps()) {
        steps.add(step(s, Optional.ofNullable(recorded.get(s.number()))));
      }
      m.put("steps", steps);
    }
    return m;
  }

  private Map<String, Object> step(WorkflowStep s, Optional<WorkflowHistory.Step> recorded) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", s.number());
    m.put("kind", s.kind().name());
    m.put("tag", s.tag());
    m.put("startedAt", time(s.startedAt()));
    m.put("endedAt", time(s.endedAt()));
    m.put(
        "durationMillis",
        s.endedAt()
            .map(end -> java.time.Duration.between(s.startedAt(), end).toMillis())
            .orElse(null));
    m.put("failed", s.failed());
    m.put("payloadBytes", s.payloadBytes());
    recorded.ifPresent(r -> m.put("payloadPreview", bytesPreview(r.result())));
    return m;
  }

  /** A payload's bytes as base64, cut to the cap. */
  Map<String, Object> bytesPreview(byte[] bytes) {
    Map<String, Object> m = new LinkedHashMap<>();
    int shown = Math.min(bytes.length, previewBytes);
    m.put("base64", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, shown)));
    m.put("bytes", bytes.length);
    m.put("truncated", shown < bytes.length);
    return m;
  }

  Map<String, Object> deadLetter(DeadLetteredRequest d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", d.requestId());
    m.put("entityType", d.entityType());
    m.put("entityId", d.entityId());
    m.put("tag", d.tag());
    m.put("failures", d.failures());
    m.put("lastError", text(d.lastError()));
    m.put("createdAt", time(d.createdAt()));
    return m;
  }

  Map<String, Object> entity(EntitySnapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entityType", s.entityType());
    m.put("entityId", s.entityId());
    m.put("shardGroup", s.shardGroup());
    m.put("shard", s.shard());
    m.put("liveHere", s.liveHere());
    m.put("version", s.version());
    m.put("stored", s.state().isPresent());
    m.put("state", s.state().map(this::value).orElse(null));
    Map<String, Object> traits = new LinkedHashMap<>();
    new java.util.TreeMap<>(s.traits()).forEach((k, v) -> traits.put(k, value(v)));
    m.put("traits", traits);
    List<Object> pending = new ArrayList<>();
    for (EntitySnapshot.PendingRequest p : s.pending()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("requestId", p.requestId());
      pm.put("tag", p.tag());
      pm.put("failures", p.failures());
      pm.put("lastError", text(p.lastError().orElse(null)));
      pm.put("createdAt", time(p.createdAt()));
      pm.put("deliverAt", time(p.deliverAt()));
      pending.add(pm);
    }
    m.put("pending", pending);
    return m;
  }

  /**
   * A user's value (an entity's state) as JSON: its tree when it renders within the cap, else a cut
   * preview of its JSON text; its {@code toString()} when Jackson cannot render it.
   */
  Object value(Object v) {
    String json;
    try {
      json = mapper.writeValueAsString(v);
    } catch (Exception e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", v.getClass().getName());
      m.put("text", text(String.valueOf(v)));
      return m;
    }
    if (json.length() > previewBytes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", v.getClass().getName());
      m.put("truncated", true);
      m.put("jsonLength", json.length());
      m.put("preview", json.substring(0, previewBytes));
      return m;
    }
    try {
      JsonNode tree = mapper.readTree(json);
      return tree;
    } catch (Exception e) {
      return json;
    }
  }

  Map<String, Object> schedule(CronStatus c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("expression", c.expression());
    m.put("zone", c.zone().getId());
    m.put("policy", c.policy());
    m.put("lastTick", time(c.lastTick()));
    m.put("lastFired", time(c.lastFired()));
    m.put("nextTick", time(c.nextTick()));
    m.put("runs", c.runs());
    m.put("failures", c.failures());
    m.put("missed", c.missed());
    m.put("lastFailure", text(c.lastFailure().orElse(null)));
    return m;
  }
}
