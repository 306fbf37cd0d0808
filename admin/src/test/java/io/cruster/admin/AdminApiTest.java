package io.cruster.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every route and action of /api/v1 against a SingleRunner, and the bad inputs. */
@Timeout(60)
class AdminApiTest {
  private final Fixture f = new Fixture();
  private final Http http = new Http(f.admin.uri());

  @AfterEach
  void close() {
    f.close();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void clusterReportsTheRunnerItsShardsEntitiesAndHealth() {
    Http.Reply r = http.get("/api/v1/cluster");
    assertEquals(200, r.status());
    assertEquals("single-runner", r.body().path("runner").asText());
    assertEquals(64, r.body().path("servedShards").asInt());
    assertTrue(r.body().path("liveEntities").path("Order").asInt() >= 1, r.text());
    assertEquals("DEGRADED", r.body().path("health").path("status").asText(), r.text());
    assertFalse(r.body().path("readOnly").asBoolean());
  }

  @Test
  void shardsMapEveryShardToItsOwner() {
    JsonNode b = http.get("/api/v1/shards").body();
    assertEquals(64, b.path("shardsPerGroup").asInt());
    assertEquals("single-runner", b.path("owners").get(0).asText());
    JsonNode group = b.path("groups").elements().next();
    assertEquals(64, group.size());
    group.forEach(i -> assertEquals(0, i.asInt()));
    assertEquals(64, b.path("counts").path("single-runner").asInt());
  }

  @Test
  void entitiesCountLiveEntitiesByTypeAndFilterByType() {
    JsonNode all = http.get("/api/v1/entities").body();
    assertTrue(texts(all.path("types"), "type").containsAll(List.of("Order", "Fragile")));
    JsonNode one = http.get("/api/v1/entities?type=Order").body();
    assertEquals(List.of("Order"), texts(one.path("types"), "type"));
    assertEquals(2, one.path("types").get(0).path("live").asInt());
    Http.Reply unknown = http.get("/api/v1/entities?type=Nope");
    assertEquals(404, unknown.status());
    assertEquals("unknown_entity_type", unknown.code());
  }

  @Test
  void entityShowsItsCommittedStateAsJson() {
    JsonNode b = http.get("/api/v1/entities/Order/order-1").body();
    assertEquals("Order", b.path("entityType").asText());
    assertEquals(4200, b.path("state").path("cents").asInt());
    assertEquals("reserved", b.path("state").path("log").get(0).asText());
    assertTrue(b.path("liveHere").asBoolean());
    assertTrue(b.path("version").asLong() > 0);
    JsonNode nobody = http.get("/api/v1/entities/Order/nobody").body();
    assertFalse(nobody.path("stored").asBoolean());
    assertTrue(nobody.path("state").isNull());
  }

  @Test
  void entityOfAnUnknownTypeIsNotFound() {
    Http.Reply r = http.get("/api/v1/entities/Nope/x");
    assertEquals(404, r.status());
    assertEquals("unknown_entity_type", r.code());
    assertTrue(r.body().path("error").path("message").asText().contains("Nope"));
  }

  @Test
  void entityStateLongerThanThePreviewCapIsCut() {
    try (Fixture small = new Fixture(AdminSettings.defaults().withPreviewBytes(16))) {
      JsonNode state =
          new Http(small.admin.uri()).get("/api/v1/entities/Order/order-1").body().path("state");
      assertTrue(state.path("truncated").asBoolean(), state.toString());
      assertEquals(16, state.path("preview").asText().length());
    }
  }

  @Test
  void workflowsAreListedAndFilteredByStatusTypeAndEntity() {
    JsonNode all = http.get("/api/v1/workflows").body().path("executions");
    assertEquals(2, all.size());
    JsonNode awaiting = http.get("/api/v1/workflows?status=awaiting").body().path("executions");
    assertEquals(List.of(f.awaiting.executionId()), texts(awaiting, "executionId"));
    JsonNode two =
        http.get("/api/v1/workflows?type=Order&entityId=order-2").body().path("executions");
    assertEquals(List.of("FAILED"), texts(two, "status"));
    JsonNode none = http.get("/api/v1/workflows?type=Fragile").body().path("executions");
    assertEquals(0, none.size());
  }

  @Test
  void workflowsArePagedWithACursor() {
    JsonNode first = http.get("/api/v1/workflows?limit=1").body();
    assertEquals(1, first.path("executions").size());
    String cursor = first.path("nextCursor").asText();
    JsonNode second = http.get("/api/v1/workflows?limit=1&cursor=" + cursor).body();
    assertEquals(1, second.path("executions").size());
    assertNotEquals(
        first.path("executions").get(0).path("executionId").asText(),
        second.path("executions").get(0).path("executionId").asText());
  }

  @Test
  void badWorkflowQueriesAreRefusedWithACode() {
    for (String q :
        List.of("status=LOST", "limit=0", "limit=abc", "limit=100000", "cursor=not-a-cursor")) {
      Http.Reply r = http.get("/api/v1/workflows?" + q);
      assertEquals(400, r.status(), q + ": " + r.text());
      assertEquals("bad_request", r.code(), q);
    }
  }

  @Test
  void workflowDetailHasStepsWithTimesAndOutcomes() {
    JsonNode b = http.get("/api/v1/workflows/" + f.failed.executionId()).body();
    assertEquals("FAILED", b.path("status").asText());
    assertTrue(b.path("failure").asText().contains("payment provider"), b.toString());
    JsonNode steps = b.path("steps");
    assertEquals(2, steps.size(), b.toString());
    assertEquals("ACTIVITY", steps.get(0).path("kind").asText());
    assertFalse(steps.get(0).path("failed").asBoolean());
    assertTrue(steps.get(1).path("failed").asBoolean());
    assertFalse(steps.get(0).path("startedAt").isNull());
    assertFalse(steps.get(0).path("endedAt").isNull());
    assertTrue(steps.get(0).path("payloadPreview").path("bytes").asInt() > 0);
  }

  @Test
  void historyIsTheExportFormat() {
    Http.Reply r = http.get("/api/v1/workflows/" + f.failed.executionId() + "/history");
    assertEquals(200, r.status());
    WorkflowHistory h = WorkflowHistory.fromJson(r.text());
    assertEquals(f.failed.executionId(), h.executionId());
    assertEquals(2, h.steps().size());
  }

  @Test
  void unknownExecutionsAreNotFoundOnEveryRoute() {
    for (String path : List.of("/api/v1/workflows/nope", "/api/v1/workflows/nope/history")) {
      Http.Reply r = http.get(path);
      assertEquals(404, r.status(), path);
      assertEquals("unknown_execution", r.code(), path);
    }
    for (String path :
        List.of(
            "/api/v1/workflows/nope/cancel",
            "/api/v1/workflows/nope/retry",
            "/api/v1/workflows/nope/restart?step=1")) {
      Http.Reply r = http.post(path, "");
      assertEquals(404, r.status(), path);
      assertEquals("unknown_execution", r.code(), path);
    }
  }

  @Test
  void cancelEndsAnAwaitingWorkflowCancelledAndOnlyOnce() {
    String id = f.awaiting.executionId();
    Http.Reply r = http.post("/api/v1/workflows/" + id + "/cancel", "{\"reason\":\"test\"}");
    assertEquals(200, r.status(), r.text());
    assertTrue(r.body().path("cancelled").asBoolean());
    await().atMost(Fixture.PATIENCE).until(() -> f.awaiting.status() == WorkflowStatus.CANCELLED);
    assertEquals("CANCELLED", http.get("/api/v1/workflows/" + id).body().path("status").asText());
    Http.Reply again = http.post("/api/v1/workflows/" + id + "/cancel", "");
    assertEquals(409, again.status());
    assertEquals("not_cancellable", again.code());
  }

  @Test
  void malformedJsonIsRefusedAndChangesNothing() {
    String id = f.awaiting.executionId();
    for (String body : List.of("{oops", "[1,2]", "{\"reason\":\"  \"}")) {
      Http.Reply r = http.post("/api/v1/workflows/" + id + "/cancel", body);
      assertEquals(400, r.status(), body);
      assertTrue(List.of("malformed_json", "bad_request").contains(r.code()), r.text());
    }
    assertEquals(WorkflowStatus.AWAITING, f.awaiting.status());
  }

  @Test
  void anOversizedBodyIsRefused() {
    String reason = "x".repeat(70_000);
    Http.Reply r =
        http.post(
            "/api/v1/workflows/" + f.awaiting.executionId() + "/cancel",
            "{\"reason\":\"" + reason + "\"}");
    assertEquals(413, r.status());
    assertEquals("body_too_large", r.code());
    assertEquals(WorkflowStatus.AWAITING, f.awaiting.status());
  }

  @Test
  void retryRunsAFailedWorkflowAgainAndRefusesOthers() {
    Http.Reply r = http.post("/api/v1/workflows/" + f.failed.executionId() + "/retry", "");
    assertEquals(200, r.status(), r.text());
    assertTrue(r.body().path("retried").asBoolean());
    Http.Reply live = http.post("/api/v1/workflows/" + f.awaiting.executionId() + "/retry", "");
    assertEquals(409, live.status());
    assertEquals("not_retryable", live.code());
  }

  @Test
  void restartForksANewExecutionFromAStep() {
    String id = f.failed.executionId();
    Http.Reply r = http.post("/api/v1/workflows/" + id + "/restart?step=2", "");
    assertEquals(200, r.status(), r.text());
    String fork = r.body().path("executionId").asText();
    assertNotEquals(id, fork);
    JsonNode d = http.get("/api/v1/workflows/" + fork).body();
    assertEquals(id, d.path("restartedFrom").asText());
  }

  @Test
  void restartWithABadStepIsRefused() {
    String id = f.failed.executionId();
    Http.Reply beyond = http.post("/api/v1/workflows/" + id + "/restart?step=9", "");
    assertEquals(400, beyond.status(), beyond.text());
    assertEquals("bad_step", beyond.code());
    Http.Reply zero = http.post("/api/v1/workflows/" + id + "/restart?step=0", "");
    assertEquals("bad_step", zero.code());
    Http.Reply missing = http.post("/api/v1/workflows/" + id + "/restart", "");
    assertEquals(400, missing.status());
    assertEquals("bad_request", missing.code());
    Http.Reply word = http.post("/api/v1/workflows/" + id + "/restart?step=two", "");
    assertEquals("bad_request", word.code());
    assertEquals(2, http.get("/api/v1/workflows").body().path("executions").size());
  }

  @Test
  void deadLettersAreListedAndRedriven() {
    JsonNode list = http.get("/api/v1/dead-letters").body().path("deadLetters");
    assertEquals(List.of(f.deadLetter), texts(list, "requestId"));
    assertEquals("Fragile", list.get(0).path("entityType").asText());
    assertTrue(list.get(0).path("lastError").asText().contains("not ready"));
    Shop.BROKEN.set(false);
    Http.Reply r = http.post("/api/v1/dead-letters/" + f.deadLetter + "/redrive", "");
    assertEquals(200, r.status(), r.text());
    await()
        .atMost(Fixture.PATIENCE)
        .until(
            () ->
                http.get("/api/v1/entities/Fragile/broken-1")
                        .body()
                        .path("state")
                        .path("value")
                        .asInt()
                    == 7);
    assertEquals(0, http.get("/api/v1/dead-letters").body().path("deadLetters").size());
    Http.Reply again = http.post("/api/v1/dead-letters/" + f.deadLetter + "/redrive", "");
    assertEquals(404, again.status());
    assertEquals("unknown_dead_letter", again.code());
  }

  @Test
  void deadLetterLimitOutOfRangeIsRefused() {
    assertEquals("bad_request", http.get("/api/v1/dead-letters?limit=-1").code());
  }

  @Test
  void singletonsSchedulesAndMetricsAreReported() {
    JsonNode singletons = http.get("/api/v1/singletons").body().path("here");
    List<String> names = new ArrayList<>();
    singletons.forEach(n -> names.add(n.asText()));
    assertTrue(names.contains("leaderboard"), names.toString());
    JsonNode schedules = http.get("/api/v1/schedules").body().path("schedules");
    assertEquals(List.of("nightly-report"), texts(schedules, "name"));
    assertEquals("0 3 * * *", schedules.get(0).path("expression").asText());
    assertTrue(schedules.get(0).path("nextTick").asText().endsWith("T03:00:00Z"));
    assertFalse(http.get("/api/v1/metrics").body().path("configured").asBoolean());
  }

  @Test
  void unknownRoutesAndMethodsAreRefusedWithACode() {
    Http.Reply r = http.get("/api/v1/nothing-here");
    assertEquals(404, r.status());
    assertEquals("not_found", r.code());
    Http.Reply put = http.method("PUT", "/api/v1/workflows");
    assertEquals(405, put.status());
    assertEquals("method_not_allowed", put.code());
    assertEquals(404, http.post("/api/v1/workflows/x/explode", "").status());
  }

  @Test
  void everyActionIsAuditedWithWhoAndWhat() {
    http.post("/api/v1/workflows/" + f.awaiting.executionId() + "/cancel", "");
    http.post("/api/v1/workflows/nope/retry", "");
    JsonNode actions = http.get("/api/v1/audit").body().path("actions");
    assertEquals(2, actions.size(), actions.toString());
    JsonNode refused = actions.get(0);
    assertTrue(
        refused.path("who").asText().startsWith("tester from 127.0.0.1"), refused.toString());
    assertEquals("404 unknown_execution", refused.path("outcome").asText());
    assertEquals("workflow.cancel", actions.get(1).path("action").asText());
    assertEquals(f.awaiting.executionId(), actions.get(1).path("target").asText());
  }

  @Test
  void uiIsServedFromTheJar() {
    Http.Reply index = http.get("/");
    assertEquals(200, index.status());
    assertTrue(index.text().contains("Cruster console"), index.text());
    assertEquals(200, http.get("/app.js").status());
    assertEquals(404, http.get("/nothing.js").status());
    assertEquals(404, http.get("/../etc/passwd").status());
  }
}
