package io.cruster.samples.chess.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.samples.chess.ChessApp;
import io.cruster.samples.chess.LeaderboardFeed;
import io.cruster.samples.chess.server.ChessHttp;
import io.cruster.testkit.TestCluster;
import io.helidon.webserver.WebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The command line against an in-process server on a TestCluster, and perft, which runs locally.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChessCliTest {
  private final TestCluster cluster = TestCluster.create();
  private final WebServer server;

  ChessCliTest() {
    ChessApp.install(cluster);
    server = ChessHttp.start(cluster, "127.0.0.1", 0, Optional::empty);
  }

  @AfterEach
  void close() {
    server.stop();
    cluster.close();
  }

  /** What one run printed, and its exit status. */
  private record Run(int status, String out, String err) {
    String lastLine() {
      List<String> lines = out.lines().toList();
      return lines.get(lines.size() - 1);
    }
  }

  private Run cli(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--server";
    all[1] = "http://127.0.0.1:" + server.port();
    System.arraycopy(args, 0, all, 2, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ChessCli.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  private String ok(String... args) {
    Run r = cli(args);
    assertEquals(0, r.status(), () -> String.join(" ", args) + ": " + r.err());
    return r.out().strip();
  }

  @Test
  void aWholeGameFromTheCommandLine() {
    String ada = ok("player", "register", "ada");
    String bob = ok("player", "register", "bob");
    assertTrue(ok("player", "status", ada).startsWith("ada (" + ada + "): ONLINE, rating 1200"));
    assertTrue(ok("match", "find", ada, "-t", "3+2").startsWith("queued: #1 for 3+2"));
    String matched = ok("match", "find", bob, "--time-control", "3+2");
    assertTrue(matched.startsWith("matched: game "), matched);
    String game = matched.split(" ")[2].replace(",", "");
    assertTrue(ok("game", "moves", game, "--legal").contains("e2e4"));
    ok("game", "move", game, ada, "e2e4");
    String shown = ok("game", "move", game, bob, "e7e5");
    assertTrue(shown.contains("moves: 1. e4 e5"), shown);
    assertTrue(shown.contains("status: IN_PROGRESS, WHITE to move"), shown);
    assertEquals("1. e4 e5", ok("game", "moves", game));
    assertTrue(ok("game", "draw", "offer", game, ada).contains("WHITE offers a draw"));
    assertTrue(ok("game", "draw", "accept", game, bob).contains("status: DRAW (DRAW_AGREEMENT)"));
    assertTrue(ok("game", "show", game).contains("4  . . . . P . . ."));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              cluster.clock().advance(LeaderboardFeed.IDLE);
              return !ok("leaderboard", "top").equals("no rated games yet");
            });
    assertTrue(ok("leaderboard", "top", "-n", "5").contains("ada"));
    assertTrue(ok("leaderboard", "player", bob).contains("<--"));
    assertTrue(ok("admin", "stats").contains("players 2, games in progress 0, finished 1"));
    assertTrue(ok("admin", "games").contains("DRAW (DRAW_AGREEMENT)"));
    assertTrue(ok("--json", "game", "show", game).contains("\"status\" : \"DRAW\""));
  }

  @Test
  void resignationAndCancellingAMatch() {
    String ada = ok("player", "register", "ada");
    String bob = ok("player", "register", "bob");
    ok("match", "find", ada);
    assertEquals("left the queue", ok("match", "cancel", ada));
    String game =
        ok("--json", "game", "new", ada, bob).replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");
    assertTrue(ok("game", "resign", game, ada).contains("BLACK_WINS (RESIGNATION)"));
    String aborted =
        ok("--json", "game", "new", ada, bob).replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");
    assertTrue(ok("game", "abort", aborted, bob).contains("ABORTED"));
  }

  @Test
  void refusalsPrintTheErrorAndExitWithOne() {
    Run r = cli("player", "status", "nobody");
    assertEquals(1, r.status());
    assertEquals("error: NOT_FOUND: no player nobody", r.err().strip());
    Run bad = cli("match", "cancel", ok("player", "register", "ada"));
    assertEquals(1, bad.status());
    assertTrue(bad.err().startsWith("error: NOT_QUEUED"), bad.err());
    assertEquals(2, cli("game", "fly").status(), "an unknown command is a usage error");
  }

  @Test
  void perftPrintsTheNodeCountLast() {
    assertEquals("8902", cli("perft", "--depth", "3").lastLine());
    Run kiwipete =
        cli(
            "perft",
            "--fen",
            "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
            "--depth",
            "2");
    assertEquals("2039", kiwipete.lastLine());
    Run badFen = cli("perft", "--fen", "not a fen", "--depth", "1");
    assertEquals(1, badFen.status());
    assertTrue(badFen.err().startsWith("error: invalid FEN"), badFen.err());
    assertEquals(1, cli("perft", "--depth", "0").status());
  }

  @Test
  void anUnreachableServerIsReportedOnOneLine() {
    StringWriter err = new StringWriter();
    int status =
        ChessCli.run(
            new String[] {"--server", "http://127.0.0.1:1", "admin", "stats"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
    assertEquals(1, status);
    assertTrue(err.toString().startsWith("error: cannot reach http://127.0.0.1:1"), err.toString());
  }
}
