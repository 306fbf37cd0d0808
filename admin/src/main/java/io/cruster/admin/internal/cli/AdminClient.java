package io.cruster.admin.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's client of {@code /api/v1}: one blocking request per call. Not thread-safe. */
final class AdminClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An error answer of the API, or a transport failure (status 0, code {@code unreachable}). */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    Failure(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  AdminClient(String url, String token) {
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.token = token;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve("api/v1/" + path)).GET());
  }

  JsonNode post(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve("api/v1/" + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private JsonNode send(HttpRequest.Builder b) {
    b.timeout(Duration.ofSeconds(30))
        .header("X-Cruster-User", "cli:" + System.getProperty("user.name", "unknown"));
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Failure(0, "unreachable", "no console answers at " + base);
    } catch (IOException e) {
      throw new Failure(0, "unreachable", base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(0, "interrupted", "interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new Failure(r.statusCode(), "not_json", base + " did not answer JSON");
    }
    if (r.statusCode() >= 400) {
      JsonNode e = body.path("error");
      throw new Failure(r.statusCode(), e.path("code").asText("error"), e.path("message").asText());
    }
    return body;
  }
}
