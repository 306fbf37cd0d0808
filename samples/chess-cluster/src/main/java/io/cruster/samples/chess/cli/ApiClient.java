package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the chess HTTP API; a refusal or an unreachable server becomes a {@link CliException}.
 * Thread-safe.
 */
final class ApiClient {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String server;

  ApiClient(String server) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonNode post(String path, JsonNode body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private URI uri(String path) {
    return URI.create(server + path);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest r = request.timeout(Duration.ofSeconds(60)).build();
    try {
      HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
      JsonNode body = res.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(res.body());
      if (res.statusCode() >= 400) {
        throw new CliException(
            body.path("error").asText("HTTP_" + res.statusCode())
                + ": "
                + body.path("message").asText(res.body()));
      }
      return body;
    } catch (IOException e) {
      throw new CliException(
          "cannot reach "
              + server
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); is the server up? (scripts/chess up)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  /** A failure to report on one line, with exit status 1. */
  static final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
      super(message, null, false, false);
    }
  }
}
