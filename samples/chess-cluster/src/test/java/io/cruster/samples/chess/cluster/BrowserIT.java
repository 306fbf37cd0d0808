package io.cruster.samples.chess.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.samples.chess.cluster.ChessRunners.Runner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web page end to end in headless Chromium (Debian's {@code chromium}, driven by npm's {@code
 * playwright-core}): two browser contexts, each on its own runner JVM, register, get matched and
 * play Fool's mate, one clicking and one dragging; screenshots land in {@code target/}. Needs
 * {@code /usr/bin/chromium} and the npm package installed ({@code scripts/lib/browser.sh}, which
 * {@code scripts/test} runs): without them it fails, saying so.
 */
@Tag("multi-process")
@Tag("browser")
@ExtendWith(SharedRunners.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrowserIT {
  private static final Path SCRIPT_DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHESS_CHROMIUM", "/usr/bin/chromium"));

  @Test
  void twoPlayersOnTwoRunnersPlayAGameInTheBrowser(ChessRunners cluster) throws Exception {
    checkPrerequisites();
    cluster.awaitSettled(Duration.ofSeconds(60)); // another test may have killed a runner
    List<Runner> two = cluster.live().subList(0, 2);
    Path shots = Path.of("target").toAbsolutePath();
    Files.createDirectories(shots);
    Process node =
        new ProcessBuilder(
                "node", "play.mjs", two.get(0).base(), two.get(1).base(), shots.toString())
            .directory(SCRIPT_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    boolean done = node.waitFor(4, TimeUnit.MINUTES);
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      node.destroyForcibly();
      fail("the browser test did not finish within 4 minutes:\n" + output + cluster.transcripts());
    }
    assertEquals(
        0, node.exitValue(), () -> "node play.mjs failed:\n" + output + cluster.transcripts());
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + output));
    JsonNode result = ChessRunners.MAPPER.readTree(line.substring("RESULT ".length()));
    assertEquals(
        List.of("f3 e5", "g4 Qh4#"),
        List.of(result.path("moves").get(0).asText(), result.path("moves").get(1).asText()));

    String gameId = result.path("gameId").asText();
    for (Runner r : two) {
      JsonNode game = r.get("/api/v1/games/" + gameId).body();
      assertEquals("BLACK_WINS", game.path("status").asText());
      assertEquals("CHECKMATE", game.path("reason").asText());
      assertEquals(
          result.path("white").asText(),
          game.path("white").asText(),
          "the longer-waiting player is white");
    }
    String black = result.path("black").asText();
    await("the leaderboard rates the game")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                two.get(0).get("/api/v1/leaderboard/" + black).body().path("rating").asInt()
                    == 1216);
    assertTrue(
        Files.size(shots.resolve("chess-white.png")) > 10_000, "a screenshot of the finished game");
    assertTrue(
        Files.size(shots.resolve("chess-black.png")) > 10_000, "a screenshot of the finished game");
  }

  private static void checkPrerequisites() throws IOException, InterruptedException {
    String hint = " Install it with scripts/lib/browser.sh (scripts/test runs it before Maven).";
    if (!Files.isExecutable(CHROMIUM)) {
      fail(
          CHROMIUM
              + " is missing: the browser test drives Debian's chromium (apt-get install chromium)."
              + hint);
    }
    Process version;
    try {
      version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      fail(
          "node is not on the PATH: the browser test runs playwright-core under Node.js 20 or newer."
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
