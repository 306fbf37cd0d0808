package io.cruster.samples.chess.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.samples.chess.Reply;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** Small helpers the routes share: JSON in and out, path parameters, replies to statuses. */
final class Http {
  private Http() {}

  static void json(ServerResponse res, int status, JsonNode body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode body(ServerRequest req) {
    return Json.body(req.content().hasEntity() ? req.content().as(String.class) : "");
  }

  /** A path parameter that must be an id. */
  static String id(ServerRequest req, String name) {
    return Json.id(req.path().pathParameters().get(name), name);
  }

  /** An optional integer query parameter within bounds. */
  static int intQuery(ServerRequest req, String name, int fallback, int min, int max) {
    if (!req.query().contains(name)) {
      return fallback;
    }
    String raw = req.query().get(name);
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "BAD_QUERY", name + " must be a number from " + min + " to " + max + ", was '" + raw + "'");
  }

  /** The value of a success, or the refusal as an {@link ApiException}. */
  static <T> T unwrap(Reply<T> reply) {
    return switch (reply) {
      case Reply.Ok<T> ok -> ok.value();
      case Reply.Refused<T> r -> throw ApiException.of(r.code(), r.message());
    };
  }
}
