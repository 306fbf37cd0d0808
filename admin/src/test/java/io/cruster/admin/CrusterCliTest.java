package io.cruster.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cruster CLI against a running node's console, its --json output parsed. */
@Timeout(60)
class CrusterCliTest {
  private final Fixture f = new Fixture();
  private final String url = f.admin.uri().toString();

  @AfterEach
  void close() {
    f.close();
  }

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return Http.JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out + err, e);
      }
    }
  }

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = CrusterCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void statusReportsTheRunner() {
    Run r = cli("status", "--url", url, "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("single-runner", r.json().path("runner").asText());
    Run text = cli("status", "--url", url);
    assertTrue(text.out().contains("runner  single-runner"), text.out());
  }

  @Test
  void workflowsListShowAndExport(@TempDir Path dir) throws Exception {
    Run list = cli("workflows", "list", "--status", "AWAITING", "--url", url, "--json");
    assertEquals(0, list.exit(), list.err());
    assertEquals(
        f.awaiting.executionId(),
        list.json().path("executions").get(0).path("executionId").asText());
    Run show = cli("workflows", "show", f.failed.executionId(), "--url", url, "--json");
    assertEquals(2, show.json().path("steps").size());
    Run showText = cli("workflows", "show", f.failed.executionId(), "--url", url);
    assertTrue(showText.out().contains("FAILED"), showText.out());
    Path file = dir.resolve("history.json");
    Run export =
        cli("workflows", "export", f.failed.executionId(), "-o", file.toString(), "--url", url);
    assertEquals(0, export.exit(), export.err());
    assertEquals(
        f.failed.executionId(), WorkflowHistory.fromJson(Files.readString(file)).executionId());
  }

  @Test
  void workflowsCancelRetryAndRestart() {
    Run cancel =
        cli(
            "workflows",
            "cancel",
            f.awaiting.executionId(),
            "--reason",
            "cli",
            "--url",
            url,
            "--json");
    assertEquals(0, cancel.exit(), cancel.err());
    await().atMost(Fixture.PATIENCE).until(() -> f.awaiting.status() == WorkflowStatus.CANCELLED);
    Run retry = cli("workflows", "retry", f.failed.executionId(), "--url", url, "--json");
    assertEquals(0, retry.exit(), retry.err());
    assertTrue(retry.json().path("retried").asBoolean());
    Run restart =
        cli("workflows", "restart", f.failed.executionId(), "--step", "1", "--url", url, "--json");
    assertEquals(0, restart.exit(), restart.err());
    assertNotEquals(f.failed.executionId(), restart.json().path("executionId").asText());
  }

  @Test
  void refusalsExitWithOneAndTheApiCode() {
    Run again = cli("workflows", "retry", f.awaiting.executionId(), "--url", url);
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("not_retryable (409)"), again.err());
    Run unknown = cli("workflows", "show", "nope", "--url", url);
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("unknown_execution"), unknown.err());
    Run beyond = cli("workflows", "restart", f.failed.executionId(), "--step", "9", "--url", url);
    assertTrue(beyond.err().contains("bad_step"), beyond.err());
  }

  @Test
  void deadLettersListAndRedrive() {
    Run list = cli("dead-letters", "list", "--url", url, "--json");
    assertEquals(f.deadLetter, list.json().path("deadLetters").get(0).path("requestId").asText());
    Shop.BROKEN.set(false);
    Run redrive = cli("dead-letters", "redrive", f.deadLetter, "--url", url, "--json");
    assertEquals(0, redrive.exit(), redrive.err());
    await().atMost(Fixture.PATIENCE).until(() -> f.runner.deadLetters(10).isEmpty());
  }

  @Test
  void entitiesShowAndSchedules() {
    Run entity = cli("entities", "show", "Order", "order-1", "--url", url, "--json");
    assertEquals(4200, entity.json().path("state").path("cents").asInt());
    Run schedules = cli("schedules", "--url", url, "--json");
    assertEquals("nightly-report", schedules.json().path("schedules").get(0).path("name").asText());
    assertTrue(cli("schedules", "--url", url).out().contains("nightly-report"));
  }

  @Test
  void badUsageUnreachableConsoleAndWrongTokenHaveTheirExitCodes() {
    assertEquals(2, cli("workflows", "--url", url).exit());
    assertEquals(2, cli("workflows", "restart", "x", "--url", url).exit(), "--step is required");
    assertEquals(2, cli("bogus").exit());
    Run unreachable = cli("status", "--url", "http://127.0.0.1:1");
    assertEquals(3, unreachable.exit());
    assertTrue(unreachable.err().contains("unreachable"), unreachable.err());
    try (Fixture locked = new Fixture(AdminSettings.defaults().withToken("right-token"))) {
      String lockedUrl = locked.admin.uri().toString();
      Run wrong = cli("status", "--url", lockedUrl, "--token", "wrong-token");
      assertEquals(1, wrong.exit());
      assertTrue(wrong.err().contains("unauthorized (401)"), wrong.err());
      assertEquals(0, cli("status", "--url", lockedUrl, "--token", "right-token").exit());
    }
  }
}
