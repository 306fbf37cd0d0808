package io.cruster.samples.chess.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cruster.samples.chess.Leaderboard;
import io.cruster.samples.chess.PlayerSession;
import io.cruster.samples.chess.PlayerView;
import io.cruster.samples.chess.TimeControl;
import io.cruster.samples.chess.Usernames;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityClient;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/players}: registration, the player, the queue, heartbeats. */
final class PlayerRoutes implements HttpService {
  private final EntityClient sessions;
  private final EntityClient leaderboard;

  PlayerRoutes(Cluster cluster) {
    this.sessions = cluster.client(PlayerSession.TYPE);
    this.leaderboard = cluster.client(Leaderboard.TYPE);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::register)
        .get("/{id}", this::get)
        .post("/{id}/queue", this::joinQueue)
        .delete("/{id}/queue", this::leaveQueue)
        .post("/{id}/heartbeat", this::heartbeat);
  }

  private void register(ServerRequest req, ServerResponse res) {
    String username = Json.text(Http.body(req), "username");
    if (!Usernames.valid(username)) {
      throw ApiException.badRequest(
          "BAD_USERNAME", "a username is 1 to 24 letters, digits, _ or -, was '" + username + "'");
    }
    PlayerView p = Http.unwrap(sessions.call(Ids.next("p"), new PlayerSession.Register(username)));
    Http.json(
        res,
        201,
        Json.MAPPER
            .createObjectNode()
            .put("id", p.id())
            .put("username", p.username())
            .put("status", p.status().name()));
  }

  private void get(ServerRequest req, ServerResponse res) {
    PlayerView p = Http.unwrap(sessions.call(Http.id(req, "id"), new PlayerSession.Get()));
    Http.json(res, 200, player(p));
  }

  private ObjectNode player(PlayerView p) {
    int rating = leaderboard.call(Leaderboard.ID, new Leaderboard.RatingOf(p.id()));
    return Json.MAPPER
        .createObjectNode()
        .put("id", p.id())
        .put("username", p.username())
        .put("status", p.status().name())
        .put("currentGame", p.currentGame().orElse(null))
        .put("queue", p.queue().orElse(null))
        .put("rating", rating);
  }

  private void joinQueue(ServerRequest req, ServerResponse res) {
    String id = Http.id(req, "id");
    JsonNode body = Http.body(req);
    TimeControl tc = Json.timeControl(body, "timeControl");
    PlayerSession.QueueResult r = Http.unwrap(sessions.call(id, new PlayerSession.JoinQueue(tc)));
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (r.matched()) {
      out.put("status", "MATCHED")
          .put("gameId", r.gameId().orElseThrow())
          .put("color", r.color().orElseThrow().name());
    } else {
      out.put("status", "QUEUED").put("position", r.position()).put("timeControl", tc.label());
    }
    Http.json(res, 200, out);
  }

  private void leaveQueue(ServerRequest req, ServerResponse res) {
    Http.unwrap(sessions.call(Http.id(req, "id"), new PlayerSession.LeaveQueue()));
    res.status(204).send();
  }

  private void heartbeat(ServerRequest req, ServerResponse res) {
    Http.json(
        res,
        200,
        player(Http.unwrap(sessions.call(Http.id(req, "id"), new PlayerSession.Heartbeat()))));
  }
}
