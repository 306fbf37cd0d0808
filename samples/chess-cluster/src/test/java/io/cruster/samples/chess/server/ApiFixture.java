package io.cruster.samples.chess.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cruster.samples.chess.ChessApp;
import io.cruster.testkit.TestCluster;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The chess HTTP server on a TestCluster, on a free port, with a small JSON client. */
final class ApiFixture implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();
  final TestCluster cluster = TestCluster.create();
  final WebServer server;
  final HttpClient http = HttpClient.newHttpClient();

  /** A response: status and JSON body (null node when empty). */
  record Response(int status, JsonNode body) {
    Response expect(int expected) {
      assertEquals(expected, status, () -> "status of a response with body " + body);
      return this;
    }

    Response expectError(int expected, String code) {
      expect(expected);
      assertEquals(code, body.path("error").asText(), () -> "error code in " + body);
      assertEquals(false, body.path("message").asText().isEmpty(), "an error has a message");
      return this;
    }

    String text(String field) {
      return body.path(field).asText();
    }
  }

  ApiFixture() {
    ChessApp.install(cluster);
    server = ChessHttp.start(cluster, "127.0.0.1", 0, Optional::empty);
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE());
  }

  String raw(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(base() + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Registers a player; returns their id. */
  String register(String username) {
    return post("/api/v1/players", "{\"username\":\"" + username + "\"}").expect(201).text("id");
  }

  /** Creates a game; returns its id. */
  String game(String white, String black, String timeControl) {
    return post(
            "/api/v1/games",
            "{\"white\":\""
                + white
                + "\",\"black\":\""
                + black
                + "\",\"timeControl\":"
                + timeControl
                + "}")
        .expect(201)
        .text("id");
  }

  Response move(String game, String player, String uci) {
    return post(
        "/api/v1/games/" + game + "/moves",
        "{\"player\":\"" + player + "\",\"uci\":\"" + uci + "\"}");
  }

  @Override
  public void close() {
    server.stop();
    cluster.close();
  }
}
