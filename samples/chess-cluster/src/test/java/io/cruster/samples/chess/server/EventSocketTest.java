package io.cruster.samples.chess.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSockets: a game's watchers and a player's notifications, driven by stream rpcs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  /** Collects the JSON text frames of one socket. */
  private static final class Frames implements WebSocket.Listener {
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(ApiFixture.MAPPER.readTree(partial.toString()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    List<String> types() {
      return received.stream().map(n -> n.path("type").asText()).toList();
    }

    boolean has(String type) {
      return types().contains(type);
    }
  }

  private WebSocket open(String path, Frames frames) {
    return api.http
        .newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + api.server.port() + path), frames)
        .join();
  }

  @Test
  void aWatcherGetsTheSnapshotEachMoveTheClockAndTheEnd() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    String g = api.game(ada, bob, "\"5+3\"");
    Frames frames = new Frames();
    WebSocket ws = open("/api/v1/games/" + g + "/watch", frames);
    await().atMost(WAIT).until(() -> frames.has("SNAPSHOT"));
    assertEquals(0, frames.received.get(0).path("game").path("moves").size());
    api.move(g, ada, "e2e4").expect(200);
    await().atMost(WAIT).until(() -> frames.has("MOVE"));
    JsonNode move =
        frames.received.stream()
            .filter(n -> n.path("type").asText().equals("MOVE"))
            .findFirst()
            .orElseThrow();
    assertEquals("e4", move.path("move").path("san").asText());
    assertEquals("BLACK", move.path("game").path("turn").asText());
    await().atMost(WAIT).until(() -> frames.has("CLOCK"));
    api.post("/api/v1/games/" + g + "/draw/offer", "{\"player\":\"" + bob + "\"}").expect(200);
    await().atMost(WAIT).until(() -> frames.has("DRAW_OFFERED"));
    api.post("/api/v1/games/" + g + "/resign", "{\"player\":\"" + bob + "\"}").expect(200);
    await().atMost(WAIT).until(() -> frames.has("GAME_ENDED"));
    JsonNode end = frames.received.get(frames.types().indexOf("GAME_ENDED"));
    assertEquals("WHITE_WINS", end.path("game").path("status").asText());
    assertEquals("RESIGNATION", end.path("game").path("reason").asText());
    ws.abort();
  }

  @Test
  void watchingAnUnknownGameAnswersNotFound() {
    Frames frames = new Frames();
    open("/api/v1/games/nothing/watch", frames);
    await().atMost(WAIT).until(() -> !frames.received.isEmpty());
    assertEquals("NOT_FOUND", frames.received.get(0).path("error").asText());
  }

  @Test
  void aPlayersSocketCarriesTheMatchAndMakesThemOnlineUntilItCloses() {
    String ada = api.register("ada");
    String bob = api.register("bob");
    api.post("/api/v1/players/" + ada + "/queue", "{\"timeControl\":\"5+3\"}").expect(200);
    Frames frames = new Frames();
    WebSocket ws = open("/api/v1/players/" + ada + "/events", frames);
    String game =
        api.post("/api/v1/players/" + bob + "/queue", "{\"timeControl\":\"5+3\"}")
            .expect(200)
            .text("gameId");
    await().atMost(WAIT).until(() -> frames.has("MATCH_FOUND") && frames.has("GAME_STARTED"));
    JsonNode match = frames.received.get(frames.types().indexOf("MATCH_FOUND"));
    assertEquals(game, match.path("gameId").asText());
    assertEquals("WHITE", match.path("color").asText());
    assertEquals("bob", match.path("opponent").asText());
    api.move(game, ada, "d2d4").expect(200);
    api.move(game, bob, "d7d5").expect(200);
    await().atMost(WAIT).until(() -> frames.has("MOVE"));
    JsonNode move = frames.received.get(frames.types().indexOf("MOVE"));
    assertEquals("d5", move.path("move").asText(), "a move is news for the player to move");
    assertTrue(frames.received.stream().allMatch(n -> n.path("seq").asLong() > 0));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    await()
        .atMost(WAIT)
        .until(() -> api.get("/api/v1/players/" + ada).text("status").equals("OFFLINE"));
  }
}
