package io.cruster.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.testkit.ForkedJvm;
import io.cruster.testkit.FreshDatabase;
import io.cruster.testkit.TestServices;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console of a two-runner cluster (separate JVMs, PostgreSQL and etcd from {@code
 * scripts/services}): either runner answers for the whole cluster, and an action taken through one
 * is seen through the other.
 */
@Tag("multi-process")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TwoRunnerAdminIT {
  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void eitherRunnerAnswersForTheClusterAndStearsIt() throws Exception {
    String prefix = "/cruster-admin-it-" + System.nanoTime();
    String etcd = TestServices.etcdEndpoints().get(0);
    try (FreshDatabase db = FreshDatabase.create("admin_it");
        ForkedJvm a =
            ForkedJvm.start(
                "runner-a",
                AdminRunnerApp.class,
                List.of(db.url(), etcd, prefix, "seed"),
                Map.of());
        ForkedJvm b =
            ForkedJvm.start(
                "runner-b", AdminRunnerApp.class, List.of(db.url(), etcd, prefix), Map.of())) {
      try {
        Http viaA = new Http(URI.create(a.awaitLine("ADMIN", START).word(1)));
        Http viaB = new Http(URI.create(b.awaitLine("ADMIN", START).word(1)));
        ForkedJvm.Line seeded = a.awaitLine("SEEDED", START);
        String awaiting = seeded.word(1);
        String failed = seeded.word(2);
        b.awaitLine("READY", START);

        await()
            .atMost(START)
            .until(() -> viaB.get("/api/v1/cluster").body().path("runners").size() == 2);
        await()
            .atMost(START)
            .until(() -> viaB.get("/api/v1/shards").body().path("owners").size() == 2);
        JsonNode shards = viaB.get("/api/v1/shards").body();
        assertEquals(
            64,
            shards.path("counts").path(shards.path("owners").get(0).asText()).asInt()
                + shards.path("counts").path(shards.path("owners").get(1).asText()).asInt(),
            shards.toString());

        JsonNode list = viaB.get("/api/v1/workflows?status=AWAITING").body().path("executions");
        assertEquals(awaiting, list.get(0).path("executionId").asText(), list.toString());
        JsonNode detail = viaB.get("/api/v1/workflows/" + failed).body();
        assertEquals("FAILED", detail.path("status").asText());
        assertEquals(2, detail.path("steps").size());
        assertEquals(
            4200,
            viaB.get("/api/v1/entities/Order/order-1").body().path("state").path("cents").asInt());

        Http.Reply cancel =
            viaB.post("/api/v1/workflows/" + awaiting + "/cancel", "{\"reason\":\"it\"}");
        assertEquals(200, cancel.status(), cancel.text());
        await()
            .atMost(START)
            .until(
                () ->
                    viaA.get("/api/v1/workflows/" + awaiting)
                        .body()
                        .path("status")
                        .asText()
                        .equals("CANCELLED"));
        Http.Reply restart = viaA.post("/api/v1/workflows/" + failed + "/restart?step=2", "");
        assertEquals(200, restart.status(), restart.text());
        String fork = restart.body().path("executionId").asText();
        await()
            .atMost(START)
            .until(
                () ->
                    viaB.get("/api/v1/workflows/" + fork)
                        .body()
                        .path("status")
                        .asText()
                        .equals("FAILED"));
        assertEquals(404, viaB.get("/api/v1/workflows/nope").status());
        assertTrue(
            viaB.get("/api/v1/cluster").body().path("runner").asText().contains("127.0.0.1"));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n" + a.transcript() + b.transcript(), e);
      }
    }
  }
}
