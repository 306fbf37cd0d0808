package io.cruster.samples.chess.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cruster.samples.chess.ChessGame;
import io.cruster.samples.chess.GameDirectory;
import io.cruster.samples.chess.Hosts;
import io.cruster.samples.chess.Leaderboard;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.EntityClient;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin}: counts of players and games, this runner's view of the cluster, the latest
 * games, and which runner hosts a game.
 */
final class AdminRoutes implements HttpService {
  private final EntityClient directory;
  private final EntityClient games;
  private final EntityClient leaderboard;
  private final Supplier<Optional<ClusterStatus>> status;

  AdminRoutes(Cluster cluster, Supplier<Optional<ClusterStatus>> status) {
    this.directory = cluster.client(GameDirectory.TYPE);
    this.games = cluster.client(ChessGame.TYPE);
    this.leaderboard = cluster.client(Leaderboard.TYPE);
    this.status = status;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/stats", this::stats).get("/games", this::games).get("/games/{id}/host", this::host);
  }

  private void stats(ServerRequest req, ServerResponse res) {
    GameDirectory.Counts c = directory.call(GameDirectory.ID, new GameDirectory.Stats());
    ObjectNode out =
        Json.MAPPER
            .createObjectNode()
            .put("runner", Hosts.current())
            .put("players", c.players())
            .put("gamesInProgress", c.gamesInProgress())
            .put("gamesFinished", c.gamesFinished())
            .put("pendingResults", c.pendingResults())
            .put(
                "resultsApplied",
                (long) leaderboard.call(Leaderboard.ID, new Leaderboard.Applied()));
    status
        .get()
        .ifPresent(
            s -> {
              ObjectNode cluster = out.putObject("cluster");
              cluster.put("self", s.runner()).put("servedShards", s.servedShards());
              ArrayNode runners = cluster.putArray("runners");
              s.runners()
                  .forEach(
                      r ->
                          runners.add(
                              Json.MAPPER
                                  .createObjectNode()
                                  .put("address", r.address())
                                  .put("weight", r.weight())
                                  .put("assignedShards", r.assignedShards())));
              ObjectNode live = cluster.putObject("liveEntities");
              s.liveEntities().forEach(live::put);
              ArrayNode singletons = cluster.putArray("singletons");
              s.singletons().forEach(singletons::add);
            });
    Http.json(res, 200, out);
  }

  private void games(ServerRequest req, ServerResponse res) {
    int limit = Http.intQuery(req, "limit", 20, 1, 500);
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (GameDirectory.Summary s :
        directory.call(GameDirectory.ID, new GameDirectory.Games(limit))) {
      a.add(
          Json.MAPPER
              .createObjectNode()
              .put("id", s.id())
              .put("white", s.white())
              .put("whiteName", s.whiteName())
              .put("black", s.black())
              .put("blackName", s.blackName())
              .put("timeControl", s.timeControl())
              .put("status", s.status().name())
              .put("reason", s.reason().map(Enum::name).orElse(null))
              .put("createdAt", java.time.Instant.ofEpochMilli(s.createdAtMillis()).toString()));
    }
    Http.json(res, 200, a);
  }

  private void host(ServerRequest req, ServerResponse res) {
    String id = Http.id(req, "id");
    Http.unwrap(games.call(id, new ChessGame.Get()));
    Http.json(
        res,
        200,
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("host", games.call(id, new ChessGame.Host())));
  }
}
