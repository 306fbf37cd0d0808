package io.cruster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ConfigException;
import io.cruster.sharding.WorkflowStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tokens, read-only mode, where the console may bind, and the live-refresh stream. */
@Timeout(60)
class AdminSecurityTest {
  private static final String TOKEN = "s3cret-token";

  @Test
  void aTokenIsRequiredOnEveryApiRouteWhenSet() {
    try (Fixture f = new Fixture(AdminSettings.defaults().withToken(TOKEN))) {
      Http none = new Http(f.admin.uri());
      Http.Reply missing = none.get("/api/v1/cluster");
      assertEquals(401, missing.status());
      assertEquals("unauthorized", missing.code());
      Http.Reply wrong = new Http(f.admin.uri()).token("not-the-token").get("/api/v1/workflows");
      assertEquals(401, wrong.status());
      assertEquals(
          401,
          new Http(f.admin.uri())
              .token("nope-nope")
              .post("/api/v1/workflows/" + f.awaiting.executionId() + "/cancel", "")
              .status());
      assertEquals(WorkflowStatus.AWAITING, f.awaiting.status());
      assertEquals(200, new Http(f.admin.uri()).token(TOKEN).get("/api/v1/cluster").status());
      assertEquals(200, none.get("/api/v1/cluster?token=" + TOKEN).status());
      assertEquals(200, none.get("/").status(), "the UI's files hold no data");
    }
  }

  @Test
  void readOnlyRefusesEveryActionAndStillAnswersReads() {
    try (Fixture f = new Fixture(AdminSettings.defaults().withReadOnly(true))) {
      Http http = new Http(f.admin.uri());
      for (String path :
          java.util.List.of(
              "/api/v1/workflows/" + f.awaiting.executionId() + "/cancel",
              "/api/v1/workflows/" + f.failed.executionId() + "/retry",
              "/api/v1/workflows/" + f.failed.executionId() + "/restart?step=1",
              "/api/v1/dead-letters/" + f.deadLetter + "/redrive")) {
        Http.Reply r = http.post(path, "");
        assertEquals(403, r.status(), path);
        assertEquals("read_only", r.code(), path);
      }
      assertEquals(WorkflowStatus.AWAITING, f.awaiting.status());
      assertEquals(1, f.runner.deadLetters(10).size());
      assertEquals(200, http.get("/api/v1/workflows").status());
      assertTrue(http.get("/api/v1/cluster").body().path("readOnly").asBoolean());
      assertEquals(4, http.get("/api/v1/audit").body().path("actions").size());
    }
  }

  @Test
  void bindingBeyondLoopbackWithoutATokenIsRefusedAtStart() {
    try (Fixture f = new Fixture()) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  AdminServer.start(
                      f.runner, AdminSettings.defaults().withBindAddress("0.0.0.0").withPort(0)));
      assertTrue(e.getMessage().contains("token"), e.getMessage());
      try (AdminServer open =
          AdminServer.start(
              f.runner,
              AdminSettings.defaults().withBindAddress("0.0.0.0").withPort(0).withToken(TOKEN))) {
        URI local = URI.create("http://127.0.0.1:" + open.port() + "/");
        assertEquals(401, new Http(local).get("/api/v1/cluster").status());
        assertEquals(200, new Http(local).token(TOKEN).get("/api/v1/cluster").status());
      }
    }
  }

  @Test
  void metricsAnswerWhatTheGivenSummaryReturns() {
    try (Fixture f = new Fixture();
        AdminServer withMetrics =
            AdminServer.start(
                f.runner,
                AdminSettings.defaults().withPort(0),
                () ->
                    java.util.Map.of(
                        "cruster.calls{entity.type=Order}", java.util.Map.of("count", 3.0)))) {
      com.fasterxml.jackson.databind.JsonNode body =
          new Http(withMetrics.uri()).get("/api/v1/metrics").body();
      assertTrue(body.path("configured").asBoolean(), body.toString());
      assertEquals(
          3.0,
          body.path("meters").path("cruster.calls{entity.type=Order}").path("count").asDouble());
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThrows(ConfigException.class, () -> AdminSettings.defaults().withPort(70000));
    assertThrows(ConfigException.class, () -> AdminSettings.defaults().withToken("short"));
    assertThrows(ConfigException.class, () -> AdminSettings.defaults().withPreviewBytes(1));
    assertThrows(ConfigException.class, () -> AdminSettings.defaults().withBindAddress(" "));
    assertThrows(
        ConfigException.class, () -> AdminSettings.defaults().withRefreshInterval(Duration.ZERO));
    assertThrows(
        ConfigException.class,
        () ->
            AdminSettings.defaults()
                .withEnvironment(java.util.Map.of("CRUSTER_ADMIN_PORT", "ninety")));
    assertEquals(
        9191,
        AdminSettings.defaults()
            .withEnvironment(java.util.Map.of("CRUSTER_ADMIN_PORT", "9191"))
            .port());
  }

  @Test
  void theEventStreamSendsSummaries() throws Exception {
    try (Fixture f =
        new Fixture(AdminSettings.defaults().withRefreshInterval(Duration.ofMillis(100)))) {
      HttpResponse<java.io.InputStream> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(f.admin.uri().resolve("/api/v1/events")).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        int summaries = 0;
        String line;
        while (summaries < 2 && (line = in.readLine()) != null) {
          if (line.startsWith("data: ")) {
            summaries++;
            assertTrue(line.contains("\"servedShards\":64"), line);
          }
        }
        assertEquals(2, summaries);
      }
    }
  }
}
