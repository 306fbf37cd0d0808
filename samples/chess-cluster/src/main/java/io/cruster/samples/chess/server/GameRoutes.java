package io.cruster.samples.chess.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cruster.samples.chess.Auditable;
import io.cruster.samples.chess.ChessGame;
import io.cruster.samples.chess.GameView;
import io.cruster.samples.chess.PlayerSession;
import io.cruster.samples.chess.PlayerView;
import io.cruster.samples.chess.Refusal;
import io.cruster.samples.chess.Reply;
import io.cruster.samples.chess.TimeControl;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.Message;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Function;

/**
 * {@code /api/v1/games}: creating games, reading them, moves, draws, resignation, abort, the audit
 * trail.
 */
final class GameRoutes implements HttpService {
  private final EntityClient games;
  private final EntityClient sessions;

  GameRoutes(Cluster cluster) {
    this.games = cluster.client(ChessGame.TYPE);
    this.sessions = cluster.client(PlayerSession.TYPE);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::create)
        .get("/{id}", (req, res) -> Http.json(res, 200, Json.game(game(Http.id(req, "id")))))
        .get("/{id}/legal-moves", this::legalMoves)
        .get("/{id}/audit", this::audit)
        .post(
            "/{id}/moves",
            (req, res) -> {
              JsonNode body = Http.body(req);
              String player = Json.id(body, "player");
              String uci = Json.text(body, "uci");
              command(req, res, p -> new ChessGame.MakeMove(player, uci), player);
            })
        .post("/{id}/draw/offer", (req, res) -> command(req, res, ChessGame.OfferDraw::new))
        .post("/{id}/draw/accept", (req, res) -> command(req, res, ChessGame.AcceptDraw::new))
        .post("/{id}/resign", (req, res) -> command(req, res, ChessGame.Resign::new))
        .post("/{id}/abort", (req, res) -> command(req, res, ChessGame.Abort::new));
  }

  private void create(ServerRequest req, ServerResponse res) {
    JsonNode body = Http.body(req);
    String white = Json.id(body, "white");
    String black = Json.id(body, "black");
    TimeControl tc = Json.timeControl(body, "timeControl");
    if (white.equals(black)) {
      throw ApiException.of(Refusal.SAME_PLAYER, "a game needs two different players");
    }
    PlayerView w = Http.unwrap(sessions.call(white, new PlayerSession.Get()));
    PlayerView b = Http.unwrap(sessions.call(black, new PlayerSession.Get()));
    GameView g =
        Http.unwrap(
            games.call(
                Ids.next("g"),
                new ChessGame.Create(w.id(), w.username(), b.id(), b.username(), tc)));
    Http.json(res, 201, Json.game(g));
  }

  GameView game(String id) {
    return Http.unwrap(games.call(id, new ChessGame.Get()));
  }

  private void legalMoves(ServerRequest req, ServerResponse res) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    game(Http.id(req, "id")).legalMoves().forEach(a::add);
    Http.json(res, 200, a);
  }

  private void audit(ServerRequest req, ServerResponse res) {
    String id = Http.id(req, "id");
    game(id);
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Auditable.Entry e : games.call(id, new Auditable.Trail())) {
      a.add(
          Json.MAPPER
              .createObjectNode()
              .put("at", e.at().toString())
              .put("actor", e.actor())
              .put("action", e.action())
              .put("detail", e.detail()));
    }
    Http.json(res, 200, a);
  }

  private void command(
      ServerRequest req,
      ServerResponse res,
      Function<String, ? extends Message<Reply<GameView>>> command) {
    String player = Json.id(Http.body(req), "player");
    command(req, res, command, player);
  }

  private void command(
      ServerRequest req,
      ServerResponse res,
      Function<String, ? extends Message<Reply<GameView>>> command,
      String player) {
    String id = Http.id(req, "id");
    Http.json(res, 200, Json.game(Http.unwrap(games.call(id, command.apply(player)))));
  }
}
