package io.cruster.samples.chess.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.samples.chess.cluster.ChessRunners.Response;
import io.cruster.samples.chess.cluster.ChessRunners.Runner;
import io.cruster.samples.chess.rules.Move;
import io.cruster.samples.chess.rules.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chess server on three runner JVMs (real PostgreSQL, etcd, gRPC between them): concurrent
 * games through every runner stay consistent, and a game goes on after {@code kill -9} of the
 * runner that hosts it.
 */
@Tag("multi-process")
@ExtendWith(SharedRunners.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChessClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int GAMES = 20;
  private static final int PLIES = 16;
  private ChessRunners cluster;
  private List<Runner> three;

  @BeforeAll
  void threeRunners(ChessRunners runners) {
    cluster = runners;
    three = cluster.live();
    assertEquals(3, three.size(), () -> "three live runners" + cluster.transcripts());
  }

  private Runner any() {
    List<Runner> live = cluster.live();
    return live.get(ThreadLocalRandom.current().nextInt(live.size()));
  }

  private String register(Runner via, String name) {
    Response r = via.post("/api/v1/players", "{\"username\":\"" + name + "\"}");
    assertEquals(201, r.status(), r.body()::toString);
    return r.text("id");
  }

  private String createGame(Runner via, String white, String black, String timeControl) {
    Response r =
        via.post(
            "/api/v1/games",
            "{\"white\":\""
                + white
                + "\",\"black\":\""
                + black
                + "\",\"timeControl\":\""
                + timeControl
                + "\"}");
    assertEquals(201, r.status(), r.body()::toString);
    return r.text("id");
  }

  private static Response move(Runner via, String game, String player, String uci) {
    return via.post(
        "/api/v1/games/" + game + "/moves",
        "{\"player\":\"" + player + "\",\"uci\":\"" + uci + "\"}");
  }

  @Test
  @Order(1)
  void twentyConcurrentGamesOfRandomLegalMovesThroughEveryRunnerStayConsistent() throws Exception {
    // Players and games are set up concurrently too, each through another runner.
    List<String[]> games = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> setup = new ArrayList<>();
    for (int n = 0; n < GAMES; n++) {
      int i = n;
      setup.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    String white = register(three.get(i % 3), "w" + i);
                    String black = register(three.get((i + 1) % 3), "b" + i);
                    String id = createGame(three.get((i + 2) % 3), white, black, "30+0");
                    games.add(new String[] {id, white, black});
                  }));
    }
    for (Thread t : setup) {
      t.join(Duration.ofMinutes(2));
    }
    assertEquals(GAMES, games.size(), "every game was created");
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger moves = new AtomicInteger();
    AtomicInteger raced = new AtomicInteger();
    List<Thread> players = new ArrayList<>();
    long started = System.nanoTime();
    for (String[] g : games) {
      players.add(Thread.ofVirtual().start(() -> play(g[0], g[1], g[2], problems, moves, raced)));
    }
    for (Thread t : players) {
      t.join(Duration.ofMinutes(3));
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf(
        "%d games, %d moves through 3 runners in %d ms (%.0f moves/s), %d raced duplicates%n",
        GAMES, moves.get(), ms, moves.get() * 1000.0 / ms, raced.get());
    assertEquals(List.of(), List.copyOf(problems));

    for (String[] g : games) {
      List<JsonNode> views =
          three.stream().map(r -> r.get("/api/v1/games/" + g[0]).body()).toList();
      JsonNode game = views.get(0);
      for (JsonNode other : views) {
        assertEquals(
            game.path("moves"), other.path("moves"), "every runner sees the same moves of " + g[0]);
      }
      assertEquals(List.of(), consistency(game), "game " + g[0]);
      long audited = count(three.get(1).get("/api/v1/games/" + g[0] + "/audit").body(), "MOVE");
      assertEquals(game.path("moves").size(), audited, "one audit entry per move of " + g[0]);
    }
  }

  /**
   * Plays random legal moves until {@link #PLIES} or the end, sometimes sending a move twice at
   * once.
   */
  private void play(
      String game,
      String white,
      String black,
      ConcurrentLinkedQueue<String> problems,
      AtomicInteger moves,
      AtomicInteger raced) {
    try {
      JsonNode g = any().get("/api/v1/games/" + game).body();
      while (g.path("status").asText().equals("IN_PROGRESS") && g.path("moves").size() < PLIES) {
        JsonNode legal = g.path("legalMoves");
        String uci = legal.get(ThreadLocalRandom.current().nextInt(legal.size())).asText();
        String player = g.path("turn").asText().equals("WHITE") ? white : black;
        int ply = g.path("moves").size();
        Response r;
        if (ThreadLocalRandom.current().nextInt(5) == 0) {
          r = race(game, player, uci, problems);
          raced.incrementAndGet();
        } else {
          r = move(any(), game, player, uci);
        }
        if (r.status() != 200) {
          problems.add(game + " ply " + ply + " " + uci + ": " + r.status() + " " + r.body());
          return;
        }
        g = r.body();
        moves.incrementAndGet();
        if (g.path("moves").size() != ply + 1) {
          problems.add(
              game
                  + ": after move "
                  + (ply + 1)
                  + " the game has "
                  + g.path("moves").size()
                  + " moves");
        }
        problems.addAll(consistency(g));
      }
    } catch (RuntimeException e) {
      problems.add(game + ": " + e);
    }
  }

  /**
   * Sends one move through two runners at once: exactly one may be played; returns the game after
   * it.
   */
  private Response race(
      String game, String player, String uci, ConcurrentLinkedQueue<String> problems) {
    List<Runner> live = cluster.live();
    Response[] replies = new Response[2];
    Thread a = Thread.ofVirtual().start(() -> replies[0] = move(live.get(0), game, player, uci));
    Thread b = Thread.ofVirtual().start(() -> replies[1] = move(live.get(1), game, player, uci));
    try {
      a.join();
      b.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long ok = java.util.Arrays.stream(replies).filter(r -> r.status() == 200).count();
    Response refused = replies[0].status() == 200 ? replies[1] : replies[0];
    if (ok != 1
        || !Set.of("NOT_YOUR_TURN", "ILLEGAL_MOVE", "GAME_OVER").contains(refused.text("error"))) {
      problems.add(
          game
              + ": the same move sent twice at once was answered "
              + replies[0].status()
              + " "
              + replies[0].body()
              + " and "
              + replies[1].status()
              + " "
              + replies[1].body());
    }
    return replies[0].status() == 200 ? replies[0] : replies[1];
  }

  /**
   * What is impossible in a game: replaying its moves from the start must give its SANs, FENs and
   * turn.
   */
  private static List<String> consistency(JsonNode g) {
    List<String> problems = new ArrayList<>();
    String id = g.path("id").asText();
    Position p = Position.start();
    int ply = 0;
    for (JsonNode m : g.path("moves")) {
      ply++;
      java.util.Optional<String> san = p.play(new Move(m.path("uci").asText()));
      if (san.isEmpty()
          || !san.get().equals(m.path("san").asText())
          || !p.fen().equals(m.path("fen").asText())) {
        problems.add(id + ": move " + ply + " " + m + " does not follow from the moves before it");
        return problems;
      }
    }
    if (!p.fen().equals(g.path("fen").asText())
        || !p.turn().name().equals(g.path("turn").asText())) {
      problems.add(
          id + ": the position " + g.path("fen") + " is not what its moves give: " + p.fen());
    }
    boolean over = !g.path("status").asText().equals("IN_PROGRESS");
    if (over == g.path("reason").isNull()) {
      problems.add(id + ": status " + g.path("status") + " with reason " + g.path("reason"));
    }
    long white = g.path("clock").path("whiteMs").asLong();
    long black = g.path("clock").path("blackMs").asLong();
    if (white < 0 || black < 0 || white > 1_800_000 || black > 1_800_000) {
      problems.add(id + ": impossible clocks " + g.path("clock"));
    }
    return problems;
  }

  private static long count(JsonNode audit, String action) {
    long n = 0;
    for (JsonNode e : audit) {
      if (e.path("action").asText().equals(action)) {
        n++;
      }
    }
    return n;
  }

  @Test
  @Order(2)
  void aGameGoesOnAfterKillDashNineOfTheRunnerHostingIt() {
    cluster.awaitSettled(WAIT);
    String ada = register(three.get(0), "ada");
    String bob = register(three.get(1), "bob");
    String game = createGame(three.get(2), ada, bob, "10+5");
    assertEquals(200, move(three.get(0), game, ada, "e2e4").status());
    assertEquals(200, move(three.get(1), game, bob, "c7c5").status());
    String host = three.get(2).get("/api/v1/admin/games/" + game + "/host").text("host");
    Runner victim = cluster.named(host.substring(0, host.indexOf(' ')));
    Runner survivor = cluster.live().stream().filter(r -> r != victim).findFirst().orElseThrow();

    Instant killedAt = cluster.kill(victim);
    // A try that timed out may still be played later (it was saved): then the game shows it.
    await("a move through " + survivor + " after the kill")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                move(survivor, game, ada, "g1f3").status() == 200
                    || survivor.get("/api/v1/games/" + game).body().path("moves").size() == 3);
    Duration failover = Duration.between(killedAt, Instant.now());
    Response after = survivor.get("/api/v1/games/" + game);
    System.out.printf(
        "a move went through %d ms after kill -9 of %s, the runner hosting game %s (lease TTL %d s)%n",
        failover.toMillis(), victim, game, ChessRunners.TTL.toSeconds());
    assertTrue(
        failover.compareTo(ChessRunners.TTL.plusSeconds(2)) <= 0,
        "the game moved on within the lease TTL + 2 s: " + failover + cluster.transcripts());
    assertEquals(List.of("e4", "c5", "Nf3"), sans(after.body()));
    assertEquals(List.of(), consistency(after.body()));
    String newHost = survivor.get("/api/v1/admin/games/" + game + "/host").text("host");
    assertTrue(!newHost.startsWith(victim.name() + " "), "hosted elsewhere now: " + newHost);

    // The game ends there, and its result reaches the leaderboard (its singleton may have died with
    // the victim).
    Response resigned =
        survivor.post("/api/v1/games/" + game + "/resign", "{\"player\":\"" + bob + "\"}");
    assertEquals("WHITE_WINS", resigned.text("status"));
    await("the leaderboard rates the game")
        .atMost(WAIT)
        .until(() -> survivor.get("/api/v1/leaderboard/" + ada).body().path("wins").asInt() == 1);
  }

  private static List<String> sans(JsonNode game) {
    List<String> out = new ArrayList<>();
    game.path("moves").forEach(m -> out.add(m.path("san").asText()));
    return out;
  }
}
