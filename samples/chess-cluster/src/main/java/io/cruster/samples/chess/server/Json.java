package io.cruster.samples.chess.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cruster.samples.chess.GameEvent;
import io.cruster.samples.chess.GameView;
import io.cruster.samples.chess.Leaderboard;
import io.cruster.samples.chess.PlayerEvent;
import io.cruster.samples.chess.TimeControl;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's JSON: request bodies read strictly (malformed JSON, a missing or mistyped field and a
 * bad id are 400s), views written field by field so the wire format is exactly the documented one.
 * Thread-safe.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Json() {}

  /** Parses a request body that must be a JSON object. */
  static JsonNode body(String text) {
    try {
      JsonNode node = MAPPER.readTree(text == null ? "" : text);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("BAD_JSON", "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("BAD_JSON", "malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** A required string field. */
  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("MISSING_FIELD", "the field '" + field + "' is required");
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("BAD_FIELD", "the field '" + field + "' must be a string");
    }
    return v.asText();
  }

  /** A required id field: 1 to 64 letters, digits, {@code _} or {@code -}. */
  static String id(JsonNode body, String field) {
    return id(text(body, field), field);
  }

  /** Checks an id from a path or a field. */
  static String id(String value, String what) {
    if (value == null || !ID.matcher(value).matches()) {
      throw ApiException.badRequest(
          "BAD_ID", what + " must be 1 to 64 letters, digits, _ or -, was '" + value + "'");
    }
    return value;
  }

  /**
   * A required time control: {@code "M+S"}, a preset ({@code "bullet"}, {@code "blitz"}, {@code
   * "rapid"}) or {@code {"initialSeconds":N,"incrementSeconds":M}}.
   */
  static TimeControl timeControl(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("MISSING_FIELD", "the field '" + field + "' is required");
    }
    Optional<TimeControl> tc = Optional.empty();
    if (v.isTextual()) {
      tc = TimeControl.parse(v.asText());
    } else if (v.isObject()
        && v.path("initialSeconds").isIntegralNumber()
        && (v.path("incrementSeconds").isMissingNode()
            || v.path("incrementSeconds").isIntegralNumber())) {
      tc = TimeControl.of(v.path("initialSeconds").asLong(), v.path("incrementSeconds").asLong(0));
    }
    return tc.orElseThrow(
        () ->
            ApiException.badRequest(
                "BAD_TIME_CONTROL",
                "a time control is \"M+S\" (like "
                    + "\"5+3\"), bullet, blitz, rapid or {\"initialSeconds\":N,\"incrementSeconds\":M} (1-10800 s, 0-180 s), "
                    + "was "
                    + v));
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static ObjectNode error(String code, String message) {
    return MAPPER.createObjectNode().put("error", code).put("message", message);
  }

  static ObjectNode game(GameView g) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", g.id())
        .put("white", g.white())
        .put("black", g.black())
        .put("whiteName", g.whiteName())
        .put("blackName", g.blackName())
        .put("timeControl", g.timeControl().label())
        .put("fen", g.fen())
        .put("turn", g.turn().name());
    ArrayNode moves = o.putArray("moves");
    for (GameView.MoveView m : g.moves()) {
      moves.add(move(m));
    }
    o.put("status", g.status().name());
    o.put("reason", g.reason().map(Enum::name).orElse(null));
    o.set("clock", clock(g.clock()));
    o.put("drawOffer", g.drawOffer().map(Enum::name).orElse(null));
    ArrayNode legal = o.putArray("legalMoves");
    g.legalMoves().forEach(legal::add);
    return o;
  }

  static ObjectNode move(GameView.MoveView m) {
    return MAPPER.createObjectNode().put("uci", m.uci()).put("san", m.san()).put("fen", m.fen());
  }

  static ObjectNode clock(GameView.ClockView c) {
    return MAPPER.createObjectNode().put("whiteMs", c.whiteMs()).put("blackMs", c.blackMs());
  }

  static ObjectNode gameEvent(GameEvent e) {
    ObjectNode o = MAPPER.createObjectNode().put("type", e.type().name()).put("ply", e.ply());
    o.set("clock", clock(e.clock()));
    e.move().ifPresent(m -> o.set("move", move(m)));
    e.game().ifPresent(g -> o.set("game", game(g)));
    return o;
  }

  static ObjectNode playerEvent(PlayerEvent e) {
    ObjectNode o =
        MAPPER
            .createObjectNode()
            .put("type", e.type().name())
            .put("seq", e.seq())
            .put("gameId", e.gameId());
    e.color().ifPresent(c -> o.put("color", c.name()));
    e.opponent().ifPresent(n -> o.put("opponent", n));
    e.move().ifPresent(m -> o.put("move", m));
    e.status().ifPresent(s -> o.put("status", s.name()));
    e.reason().ifPresent(r -> o.put("reason", r.name()));
    return o.put("at", e.atMillis());
  }

  static ObjectNode ranked(Leaderboard.Ranked r) {
    Leaderboard.Standing s = r.standing();
    return standing(s).put("rank", r.rank());
  }

  static ObjectNode standing(Leaderboard.Standing s) {
    return MAPPER
        .createObjectNode()
        .put("player", s.player())
        .put("username", s.username())
        .put("rating", s.rating())
        .put("wins", s.wins())
        .put("losses", s.losses())
        .put("draws", s.draws())
        .put("peak", s.peak());
  }

  static ArrayNode rankedList(List<Leaderboard.Ranked> list) {
    ArrayNode a = MAPPER.createArrayNode();
    list.forEach(r -> a.add(ranked(r)));
    return a;
  }
}
