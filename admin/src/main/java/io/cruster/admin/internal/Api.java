package io.cruster.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.admin.AdminSettings;
import io.cruster.scheduler.ClusterCron;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.DeadLetteredRequest;
import io.cruster.sharding.UnknownEntityTypeException;
import io.cruster.sharding.UnknownExecutionException;
import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of {@code /api/v1} over the public {@link Cluster} API. Reads answer for the whole
 * cluster (storage is shared); counts of what is in memory are this runner's. Each method blocks on
 * storage; thread-safe (holds no state of its own but the audit log).
 */
public final class Api {
  /** The default and largest page of dead letters. */
  static final int DEAD_LETTER_LIMIT = 100;

  private final Cluster cluster;
  private final Views views;
  private final AdminSettings settings;

  /** What {@code GET metrics} answers; null: no metrics configured. */
  private final java.util.function.Supplier<? extends Map<String, ?>> metrics;

  public Api(
      Cluster cluster,
      AdminSettings settings,
      java.util.function.Supplier<? extends Map<String, ?>> metrics) {
    this.cluster = cluster;
    this.settings = settings;
    this.metrics = metrics;
    this.views = new Views(settings.previewBytes());
  }

  Views views() {
    return views;
  }

  /** Answers a GET of {@code path} (the segments after {@code /api/v1}). */
  Object get(List<String> path, Map<String, String> query) {
    String head = path.isEmpty() ? "" : path.get(0);
    int n = path.size();
    switch (head) {
      case "cluster":
        if (n == 1) {
          return clusterView();
        }
        break;
      case "shards":
        if (n == 1) {
          return views.shards(cluster.shardMap());
        }
        break;
      case "entities":
        if (n == 1) {
          return entityCounts(query.get("type"));
        }
        if (n == 3) {
          return entity(path.get(1), path.get(2));
        }
        break;
      case "workflows":
        if (n == 1) {
          return workflows(query);
        }
        if (n == 2) {
          return workflow(path.get(1));
        }
        if (n == 3 && path.get(2).equals("history")) {
          return history(path.get(1));
        }
        break;
      case "dead-letters":
        if (n == 1) {
          return deadLetters(intParam(query, "limit", DEAD_LETTER_LIMIT, 1, DEAD_LETTER_LIMIT));
        }
        break;
      case "singletons":
        if (n == 1) {
          ClusterStatus s = cluster.status();
          return Map.of("runner", s.runner(), "here", new java.util.TreeSet<>(s.singletons()));
        }
        break;
      case "schedules":
        if (n == 1) {
          List<Object> out = new ArrayList<>();
          ClusterCron.schedules(cluster).forEach(c -> out.add(views.schedule(c)));
          return Map.of("schedules", out);
        }
        break;
      case "metrics":
        if (n == 1) {
          if (metrics != null) {
            return Map.of("configured", true, "meters", metrics.get());
          }
          return Map.of(
              "configured",
              false,
              "message",
              "no metrics registry is configured on this runner (cruster-micrometer)");
        }
        break;
      default:
        break;
    }
    throw ApiError.notFound("not_found", "no route GET /api/v1/" + String.join("/", path));
  }

  /** Performs a POST of {@code path}; returns the result and the audit's action and target. */
  Action post(List<String> path, Map<String, String> query, JsonNode body) {
    int n = path.size();
    if (n == 3 && path.get(0).equals("workflows")) {
      String id = path.get(1);
      switch (path.get(2)) {
        case "cancel":
          return new Action("workflow.cancel", id, cancel(id, body));
        case "retry":
          return new Action("workflow.retry", id, retry(id));
        case "restart":
          int step = intParam(query, "step", -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
          if (step == -1 && body.has("step")) {
            step = body.get("step").asInt(-1);
          }
          if (step == -1) {
            throw ApiError.badRequest(
                "bad_request", "restart needs ?step=N (the first step to run again)");
          }
          return new Action("workflow.restart", id + " step " + step, restart(id, step));
        default:
          break;
      }
    }
    if (n == 3 && path.get(0).equals("dead-letters") && path.get(2).equals("redrive")) {
      String id = path.get(1);
      if (!cluster.redrive(id)) {
        throw ApiError.notFound("unknown_dead_letter", "no dead-lettered request " + id);
      }
      return new Action("dead-letter.redrive", id, Map.of("requestId", id, "redriven", true));
    }
    throw ApiError.notFound("not_found", "no route POST /api/v1/" + String.join("/", path));
  }

  /** What a POST did, for the response and the audit log. */
  record Action(String name, String target, Object result) {}

  Map<String, Object> clusterView() {
    ClusterStatus s = cluster.status();
    return views.cluster(s, Health.of(cluster.health(), s), settings.readOnly());
  }

  private Object entityCounts(String type) {
    Map<String, Integer> live = cluster.status().liveEntities();
    List<Object> out = new ArrayList<>();
    if (type != null) {
      if (!live.containsKey(type)) {
        throw ApiError.notFound(
            "unknown_entity_type", "no entity type named [" + type + "] is registered here");
      }
      live = Map.of(type, live.get(type));
    }
    new java.util.TreeMap<>(live).forEach((t, c) -> out.add(Map.of("type", t, "live", c)));
    return Map.of("types", out);
  }

  private Object entity(String type, String id) {
    try {
      return views.entity(cluster.entity(type, id));
    } catch (UnknownEntityTypeException e) {
      throw ApiError.notFound("unknown_entity_type", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bad_request", e.getMessage());
    }
  }

  private Object workflows(Map<String, String> q) {
    WorkflowQuery query = WorkflowQuery.all();
    try {
      if (q.containsKey("type")) {
        query = query.entityType(q.get("type"));
      }
      if (q.containsKey("entityId")) {
        query = query.entityId(q.get("entityId"));
      }
      if (q.containsKey("tag")) {
        query = query.tag(q.get("tag"));
      }
      if (q.containsKey("status")) {
        List<WorkflowStatus> statuses = new ArrayList<>();
        for (String s : q.get("status").split(",")) {
          try {
            statuses.add(WorkflowStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                "bad_request",
                "unknown status ["
                    + s
                    + "]; one of "
                    + java.util.Arrays.toString(WorkflowStatus.values()));
          }
        }
        query = query.status(statuses.toArray(WorkflowStatus[]::new));
      }
      query =
          query.limit(
              intParam(q, "limit", WorkflowQuery.DEFAULT_LIMIT, 1, WorkflowQuery.MAX_LIMIT));
      if (q.containsKey("cursor")) {
        query = query.cursor(q.get("cursor"));
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bad_request", e.getMessage());
    }
    List<WorkflowExecution> page = cluster.workflows().list(query);
    List<Object> out = new ArrayList<>();
    page.forEach(e -> out.add(views.execution(e, Optional.empty())));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executions", out);
    m.put("nextCursor", page.size() == query.limit() ? page.get(page.size() - 1).cursor() : null);
    return m;
  }

  private WorkflowExecution describe(String id) {
    return cluster
        .workflows()
        .describe(id)
        .orElseThrow(() -> ApiError.notFound("unknown_execution", "no workflow execution " + id));
  }

  private Object workflow(String id) {
    WorkflowExecution e = describe(id);
    Optional<WorkflowHistory> h;
    try {
      h = Optional.of(cluster.workflows().history(id));
    } catch (UnknownExecutionException ex) {
      h = Optional.empty();
    }
    return views.execution(e, h);
  }

  private Object history(String id) {
    try {
      return views.mapper().readTree(cluster.workflows().history(id).toJson());
    } catch (UnknownExecutionException e) {
      throw ApiError.notFound("unknown_execution", "no workflow execution " + id);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("history of " + id + " is not JSON", e);
    }
  }

  private Object cancel(String id, JsonNode body) {
    JsonNode r = body.get("reason");
    String reason = r == null || r.isNull() ? "cancelled from the admin console" : r.asText();
    if (reason.isBlank()) {
      throw ApiError.badRequest("bad_request", "a cancel reason must not be blank");
    }
    WorkflowExecution e = describe(id);
    if (!cluster.workflows().cancel(id, reason)) {
      throw ApiError.conflict(
          "not_cancellable", "execution " + id + " is " + e.status() + " and cannot be cancelled");
    }
    return Map.of("executionId", id, "cancelled", true);
  }

  private Object retry(String id) {
    WorkflowExecution e = describe(id);
    if (!cluster.workflows().retry(id)) {
      throw ApiError.conflict(
          "not_retryable", "execution " + id + " is " + e.status() + "; only FAILED ones retry");
    }
    return Map.of("executionId", id, "retried", true);
  }

  private Object restart(String id, int step) {
    WorkflowHandle<Object> h;
    try {
      h = cluster.workflows().restartFrom(id, step, Object.class);
    } catch (UnknownExecutionException e) {
      throw ApiError.notFound("unknown_execution", "no workflow execution " + id);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      throw ApiError.badRequest(
          message.contains("not registered") ? "unknown_entity_type" : "bad_step", message);
    }
    return Map.of("executionId", h.executionId(), "restartedFrom", id, "step", step);
  }

  private Object deadLetters(int limit) {
    List<Object> out = new ArrayList<>();
    for (DeadLetteredRequest d : cluster.deadLetters(limit)) {
      out.add(views.deadLetter(d));
    }
    return Map.of("deadLetters", out);
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    int i;
    try {
      i = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("bad_request", name + " must be a number, was [" + v + "]");
    }
    if (i < min || i > max) {
      throw ApiError.badRequest(
          "bad_request", name + " must be between " + min + " and " + max + ", was " + i);
    }
    return i;
  }
}
