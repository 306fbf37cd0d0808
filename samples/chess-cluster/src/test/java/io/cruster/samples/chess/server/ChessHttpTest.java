package io.cruster.samples.chess.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.samples.chess.LeaderboardFeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP API in-process on a TestCluster: each endpoint, each error code, and refusals that
 * change nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChessHttpTest {
  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void aRegisteredPlayerCanBeReadBack() {
    ApiFixture.Response created = api.post("/api/v1/players", "{\"username\":\"ada\"}").expect(201);
    assertEquals(List.of("id", "username", "status"), fields(created.body()));
    assertEquals("ada", created.text("username"));
    assertEquals("ONLINE", created.text("status"));
    JsonNode p = api.get("/api/v1/players/" + created.text("id")).expect(200).body();
    assertEquals(created.text("id"), p.path("id").asText());
    assertEquals("ONLINE", p.path("status").asText());
    assertTrue(p.path("currentGame").isNull());
    assertEquals(1200, p.path("rating").asInt());
  }

  @Test
  void malformedRequestsAreFourHundreds() {
    api.post("/api/v1/players", "{\"username\":").expectError(400, "BAD_JSON");
    api.post("/api/v1/players", "[1,2]").expectError(400, "BAD_JSON");
    api.post("/api/v1/players", "").expectError(400, "BAD_JSON");
    api.post("/api/v1/players", "{}").expectError(400, "MISSING_FIELD");
    api.post("/api/v1/players", "{\"username\":42}").expectError(400, "BAD_FIELD");
    api.post("/api/v1/players", "{\"username\":\"no spaces\"}").expectError(400, "BAD_USERNAME");
    api.get("/api/v1/players/a.b").expectError(400, "BAD_ID");
    String ada = api.register("ada");
    api.post("/api/v1/players/" + ada + "/queue", "{}").expectError(400, "MISSING_FIELD");
    for (String tc :
        List.of(
            "\"5-3\"",
            "\"0+0\"",
            "\"999+0\"",
            "\"slow\"",
            "7",
            "{\"initialSeconds\":0}",
            "{\"initialSeconds\":\"60\"}",
            "{\"initialSeconds\":60,\"incrementSeconds\":-1}")) {
      api.post("/api/v1/players/" + ada + "/queue", "{\"timeControl\":" + tc + "}")
          .expectError(400, "BAD_TIME_CONTROL");
    }
    api.get("/api/v1/leaderboard?limit=0").expectError(400, "BAD_QUERY");
    api.get("/api/v1/leaderboard?limit=x").expectError(400, "BAD_QUERY");
    assertEquals("ONLINE", api.get("/api/v1/players/" + ada).text("status"), "nothing changed");
  }

  @Test
  void unknownPlayersGamesAndEndpointsAreFourOhFours() {
    api.get("/api/v1/players/nobody").expectError(404, "NOT_FOUND");
    api.post("/api/v1/players/nobody/queue", "{\"timeControl\":\"5+3\"}")
        .expectError(404, "NOT_FOUND");
    api.get("/api/v1/games/nothing").expectError(404, "NOT_FOUND");
    api.get("/api/v1/games/nothing/legal-moves").expectError(404, "NOT_FOUND");
    api.get("/api/v1/games/nothing/audit").expectError(404, "NOT_FOUND");
    api.move("nothing", "someone", "e2e4").expectError(404, "NOT_FOUND");
    api.get("/api/v1/leaderboard/nobody").expectError(404, "NOT_FOUND");
    api.get("/api/v1/nothing-here").expectError(404, "NOT_FOUND");
    String ada = api.register("ada");
    api.post(
            "/api/v1/games",
            "{\"white\":\"" + ada + "\",\"black\":\"nobody\",\"timeControl\":\"5+3\"}")
        .expectError(404, "NOT_FOUND");
  }

  @Test
  void queueingMatchesTwoPlayersAndConflictsAreFourOhNines() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    String cy = api.register("cy");
    api.post("/api/v1/players", "{\"username\":\"Ada\"}").expectError(409, "USERNAME_TAKEN");
    ApiFixture.Response queued =
        api.post("/api/v1/players/" + ada + "/queue", "{\"timeControl\":\"5+3\"}").expect(200);
    assertEquals("QUEUED", queued.text("status"));
    assertEquals(1, queued.body().path("position").asInt());
    assertEquals("IN_QUEUE", api.get("/api/v1/players/" + ada).text("status"));
    api.post("/api/v1/players/" + ada + "/queue", "{\"timeControl\":\"5+3\"}")
        .expectError(409, "ALREADY_QUEUED");
    ApiFixture.Response matched =
        api.post(
                "/api/v1/players/" + bob + "/queue",
                "{\"timeControl\":{\"initialSeconds\":300,\"incrementSeconds\":3}}")
            .expect(200);
    assertEquals("MATCHED", matched.text("status"));
    assertEquals("BLACK", matched.text("color"));
    JsonNode game = api.get("/api/v1/games/" + matched.text("gameId")).expect(200).body();
    assertEquals(ada, game.path("white").asText());
    assertEquals("5+3", game.path("timeControl").asText());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/api/v1/players/" + ada).text("status").equals("IN_GAME"));
    assertEquals(matched.text("gameId"), api.get("/api/v1/players/" + ada).text("currentGame"));
    api.post("/api/v1/players/" + bob + "/queue", "{\"timeControl\":\"blitz\"}")
        .expectError(409, "ALREADY_IN_GAME");
    api.post("/api/v1/players/" + cy + "/queue", "{\"timeControl\":\"rapid\"}").expect(200);
    assertEquals(204, api.delete("/api/v1/players/" + cy + "/queue").status());
    assertEquals("ONLINE", api.get("/api/v1/players/" + cy).text("status"));
    api.delete("/api/v1/players/" + cy + "/queue").expectError(409, "NOT_QUEUED");
  }

  @Test
  void aGameIsPlayedThroughTheApiAndEveryRefusalChangesNothing() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    String eve = api.register("eve");
    api.post(
            "/api/v1/games",
            "{\"white\":\"" + ada + "\",\"black\":\"" + ada + "\",\"timeControl\":\"5+3\"}")
        .expectError(400, "SAME_PLAYER");
    api.post("/api/v1/games", "{\"white\":\"" + ada + "\",\"timeControl\":\"5+3\"}")
        .expectError(400, "MISSING_FIELD");
    String g = api.game(ada, bob, "\"bullet\"");
    JsonNode start = api.get("/api/v1/games/" + g).body();
    assertEquals("1+0", start.path("timeControl").asText());
    assertEquals("WHITE", start.path("turn").asText());
    assertEquals(60_000, start.path("clock").path("whiteMs").asLong());
    assertTrue(start.path("reason").isNull() && start.path("drawOffer").isNull());
    assertEquals(20, api.get("/api/v1/games/" + g + "/legal-moves").body().size());

    JsonNode afterE4 = api.move(g, ada, "e2e4").expect(200).body();
    assertEquals("e4", afterE4.path("moves").get(0).path("san").asText());
    assertEquals("BLACK", afterE4.path("turn").asText());
    JsonNode before = api.get("/api/v1/games/" + g).body();
    api.move(g, ada, "d2d4").expectError(409, "NOT_YOUR_TURN");
    api.move(g, bob, "e7e4").expectError(422, "ILLEGAL_MOVE");
    api.move(g, bob, "e7-e5").expectError(400, "BAD_MOVE");
    api.move(g, eve, "e7e5").expectError(403, "NOT_IN_GAME");
    api.move(g, "bad id!", "e7e5").expectError(400, "BAD_ID");
    api.post("/api/v1/games/" + g + "/moves", "{\"player\":\"" + bob + "\"}")
        .expectError(400, "MISSING_FIELD");
    api.post("/api/v1/games/" + g + "/draw/offer", "{\"player\":\"" + eve + "\"}")
        .expectError(403, "NOT_IN_GAME");
    api.post("/api/v1/games/" + g + "/draw/accept", "{\"player\":\"" + bob + "\"}")
        .expectError(409, "NO_DRAW_OFFER");
    api.post("/api/v1/games/" + g + "/resign", "{\"player\":\"" + eve + "\"}")
        .expectError(403, "NOT_IN_GAME");
    assertEquals(before, api.get("/api/v1/games/" + g).body(), "no refusal changed the game");
    assertEquals(
        2, api.get("/api/v1/games/" + g + "/audit").body().size(), "CREATE and the one move");

    api.move(g, bob, "e7e5").expect(200);
    api.post("/api/v1/games/" + g + "/abort", "{\"player\":\"" + ada + "\"}")
        .expectError(409, "CANNOT_ABORT");
    JsonNode offered =
        api.post("/api/v1/games/" + g + "/draw/offer", "{\"player\":\"" + ada + "\"}")
            .expect(200)
            .body();
    assertEquals("WHITE", offered.path("drawOffer").asText());
    JsonNode drawn =
        api.post("/api/v1/games/" + g + "/draw/accept", "{\"player\":\"" + bob + "\"}")
            .expect(200)
            .body();
    assertEquals("DRAW", drawn.path("status").asText());
    assertEquals("DRAW_AGREEMENT", drawn.path("reason").asText());
    api.move(g, ada, "g1f3").expectError(409, "GAME_OVER");
    api.post("/api/v1/games/" + g + "/resign", "{\"player\":\"" + ada + "\"}")
        .expectError(409, "GAME_OVER");
    List<String> actions = fieldValues(api.get("/api/v1/games/" + g + "/audit").body(), "action");
    assertEquals(List.of("CREATE", "MOVE", "MOVE", "DRAW_OFFER", "DRAW_ACCEPT", "END"), actions);
  }

  @Test
  void resignationAndAbortEndGames() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    String g1 = api.game(ada, bob, "\"5+3\"");
    assertEquals(
        "ABORTED",
        api.post("/api/v1/games/" + g1 + "/abort", "{\"player\":\"" + bob + "\"}")
            .expect(200)
            .text("status"));
    String g2 = api.game(ada, bob, "\"5+3\"");
    JsonNode resigned =
        api.post("/api/v1/games/" + g2 + "/resign", "{\"player\":\"" + ada + "\"}")
            .expect(200)
            .body();
    assertEquals("BLACK_WINS", resigned.path("status").asText());
    assertEquals("RESIGNATION", resigned.path("reason").asText());
  }

  @Test
  void theLeaderboardShowsRatingsAndThePlayersAroundOne() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    String cy = api.register("cy");
    String g = api.game(ada, bob, "\"5+3\"");
    for (String[] m : new String[][] {{ada, "f2f3"}, {bob, "e7e5"}, {ada, "g2g4"}, {bob, "d8h4"}}) {
      api.move(g, m[0], m[1]).expect(200);
    }
    JsonNode mate = api.get("/api/v1/games/" + g).body();
    assertEquals("BLACK_WINS", mate.path("status").asText());
    assertEquals("CHECKMATE", mate.path("reason").asText());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              api.cluster.clock().advance(LeaderboardFeed.IDLE);
              return api.get("/api/v1/leaderboard").body().size() == 2;
            });
    JsonNode top = api.get("/api/v1/leaderboard?limit=10").expect(200).body();
    assertEquals(
        List.of("player", "username", "rating", "wins", "losses", "draws", "peak", "rank"),
        fields(top.get(0)));
    assertEquals(bob, top.get(0).path("player").asText());
    assertEquals(1216, top.get(0).path("rating").asInt());
    assertEquals(1, top.get(0).path("rank").asInt());
    assertEquals(1184, top.get(1).path("rating").asInt());
    assertEquals(1, api.get("/api/v1/leaderboard?limit=1").body().size());
    JsonNode me = api.get("/api/v1/leaderboard/" + ada).expect(200).body();
    assertEquals(2, me.path("rank").asInt());
    assertEquals(0, me.path("wins").asInt());
    assertEquals(1, me.path("losses").asInt());
    assertEquals(List.of(bob), fieldValues(me.path("above"), "player"));
    assertEquals(List.of(), fieldValues(me.path("below"), "player"));
    JsonNode unrated = api.get("/api/v1/leaderboard/" + cy).expect(200).body();
    assertTrue(unrated.path("rank").isNull());
    assertEquals(1200, unrated.path("rating").asInt());
    assertEquals(1216, api.get("/api/v1/players/" + bob).body().path("rating").asInt());
  }

  @Test
  void healthMetricsAdminAndThePageAreServed() {
    api.register("ada");
    assertEquals("UP", api.get("/health").expect(200).text("status"));
    String metrics = api.raw("/metrics");
    assertTrue(
        metrics.contains(
            "chess_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/players\""),
        metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes"));
    assertTrue(metrics.contains("chess_games_started_total"));
    assertEquals(1, api.get("/api/v1/admin/stats").expect(200).body().path("players").asLong());
    assertEquals(0, api.get("/api/v1/admin/games").expect(200).body().size());
    assertTrue(api.raw("/").contains("<title>Cruster chess</title>"));
    assertTrue(api.raw("/app.js").contains("WebSocket"));
  }

  private static List<String> fields(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> fieldValues(JsonNode array, String field) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
