package io.cruster.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.sharding.WorkflowStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web console in headless Chromium (Debian's {@code chromium}, driven by npm's {@code
 * playwright-core}; {@code scripts/lib/browser.sh} installs both): find the awaiting workflow, open
 * it, cancel it and see it CANCELLED; redrive the dead letter; look up an entity. Screenshots land
 * in {@code target/}. Without the prerequisites it fails, saying what is missing.
 */
@Tag("browser")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsoleBrowserIT {
  private static final Path SCRIPT_DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CRUSTER_CHROMIUM", "/usr/bin/chromium"));

  @Test
  void anOperatorCancelsTheAwaitingWorkflowAndRedrivesTheDeadLetter() throws Exception {
    checkPrerequisites();
    Path shots = Path.of("target").toAbsolutePath();
    Files.createDirectories(shots);
    try (Fixture f = new Fixture()) {
      Shop.BROKEN.set(false); // the fix is deployed: the redrive succeeds
      Process node =
          new ProcessBuilder("node", "console.mjs", f.admin.uri().toString(), shots.toString())
              .directory(SCRIPT_DIR.toFile())
              .redirectErrorStream(true)
              .start();
      boolean done = node.waitFor(3, TimeUnit.MINUTES);
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        node.destroyForcibly();
        fail("the browser test did not finish within 3 minutes:\n" + output);
      }
      assertEquals(0, node.exitValue(), () -> "node console.mjs failed:\n" + output);
      String line =
          output
              .lines()
              .filter(l -> l.startsWith("RESULT "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + output));
      JsonNode result = Http.JSON.readTree(line.substring("RESULT ".length()));
      assertEquals(f.awaiting.executionId(), result.path("awaiting").asText());
      assertEquals("CANCELLED", result.path("statusAfter").asText());
      assertEquals(WorkflowStatus.CANCELLED, f.awaiting.status());
      assertEquals(f.deadLetter, result.path("deadLetter").asText());
      assertTrue(f.runner.deadLetters(10).isEmpty());
      assertEquals(4200, result.path("state").path("cents").asInt());
      assertEquals("nightly-report", result.path("schedule").asText());
      for (String shot :
          new String[] {"console-overview.png", "console-workflow.png", "console-cancelled.png"}) {
        assertTrue(Files.size(shots.resolve(shot)) > 10_000, shot);
      }
      JsonNode audit = new Http(f.admin.uri()).get("/api/v1/audit").body().path("actions");
      assertEquals("dead-letter.redrive", audit.get(0).path("action").asText());
      assertEquals("workflow.cancel", audit.get(1).path("action").asText());
      assertTrue(audit.get(1).path("who").asText().startsWith("console from"));
    }
  }

  private static void checkPrerequisites() throws IOException, InterruptedException {
    String hint = " Install it with scripts/lib/browser.sh (scripts/test runs it before Maven).";
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " is missing: the browser test drives Debian's chromium." + hint);
    }
    Process version;
    try {
      version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      fail(
          "node is not on the PATH: the browser test runs playwright-core under Node.js 20+."
              + hint);
      return;
    }
    String v = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    version.waitFor(30, TimeUnit.SECONDS);
    if (!v.matches("v(2\\d|[3-9]\\d)\\..*")) {
      fail("node " + v + " is too old: playwright-core 1.65 needs Node.js 20 or newer." + hint);
    }
    if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
      fail(
          SCRIPT_DIR.resolve("node_modules/playwright-core")
              + " is missing (npm ci in "
              + SCRIPT_DIR
              + ")."
              + hint);
    }
  }
}
