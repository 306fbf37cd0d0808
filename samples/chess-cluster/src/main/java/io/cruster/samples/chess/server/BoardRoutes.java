package io.cruster.samples.chess.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cruster.samples.chess.Elo;
import io.cruster.samples.chess.Leaderboard;
import io.cruster.samples.chess.PlayerSession;
import io.cruster.samples.chess.PlayerView;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityClient;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** {@code /api/v1/leaderboard}: the top N, and a player's rank with the players around them. */
final class BoardRoutes implements HttpService {
  /** Players shown above and below a player. */
  static final int AROUND = 3;

  private final EntityClient leaderboard;
  private final EntityClient sessions;

  BoardRoutes(Cluster cluster) {
    this.leaderboard = cluster.client(Leaderboard.TYPE);
    this.sessions = cluster.client(PlayerSession.TYPE);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::top).get("/{id}", this::player);
  }

  private void top(ServerRequest req, ServerResponse res) {
    int limit = Http.intQuery(req, "limit", 10, 1, 100);
    Http.json(
        res, 200, Json.rankedList(leaderboard.call(Leaderboard.ID, new Leaderboard.Top(limit))));
  }

  private void player(ServerRequest req, ServerResponse res) {
    PlayerView p = Http.unwrap(sessions.call(Http.id(req, "id"), new PlayerSession.Get()));
    Optional<Leaderboard.Neighbourhood> n =
        leaderboard.call(Leaderboard.ID, new Leaderboard.Around(p.id(), AROUND));
    ObjectNode out;
    if (n.isPresent()) {
      out = Json.ranked(n.get().player());
      out.set("above", Json.rankedList(n.get().above()));
      out.set("below", Json.rankedList(n.get().below()));
    } else {
      // registered, no rated game yet: the initial rating and no rank
      out =
          Json.standing(
              new Leaderboard.Standing(p.id(), p.username(), Elo.INITIAL, 0, 0, 0, Elo.INITIAL));
      out.putNull("rank");
      out.putArray("above");
      out.putArray("below");
    }
    Http.json(res, 200, out);
  }
}
