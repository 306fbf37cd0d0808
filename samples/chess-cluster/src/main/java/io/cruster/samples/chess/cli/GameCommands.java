package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code chess game new|show|moves|move|resign|abort|draw offer|draw accept}. */
@Command(
    name = "game",
    description = "Plays and shows games.",
    subcommands = GameCommands.Draw.class)
final class GameCommands {
  @ParentCommand ChessCli root;

  @Command(name = "new", description = "Creates a game between two players; prints it.")
  int create(
      @Parameters(paramLabel = "WHITE") String white,
      @Parameters(paramLabel = "BLACK") String black,
      @Option(
              names = {"-t", "--time-control"},
              defaultValue = "5+3",
              description = "M+S, bullet, blitz or rapid (default: ${DEFAULT-VALUE})")
          String timeControl) {
    JsonNode g =
        root.api()
            .post(
                "/api/v1/games",
                ApiClient.MAPPER
                    .createObjectNode()
                    .put("white", white)
                    .put("black", black)
                    .put("timeControl", timeControl));
    root.print(g, Render.game(g));
    return 0;
  }

  @Command(name = "show", description = "Shows the board, clocks, moves and status.")
  int show(@Parameters(paramLabel = "GAME") String game) {
    JsonNode g = root.api().get("/api/v1/games/" + game);
    root.print(g, Render.game(g));
    return 0;
  }

  @Command(
      name = "moves",
      description = "Lists the moves played, or with --legal the legal moves now.")
  int moves(
      @Parameters(paramLabel = "GAME") String game,
      @Option(names = "--legal", description = "the legal moves now, in UCI") boolean legal) {
    if (legal) {
      JsonNode moves = root.api().get("/api/v1/games/" + game + "/legal-moves");
      StringBuilder b = new StringBuilder();
      moves.forEach(m -> b.append(m.asText()).append(' '));
      root.print(moves, b.toString().trim());
    } else {
      JsonNode g = root.api().get("/api/v1/games/" + game);
      root.print(g.path("moves"), Render.moves(g));
    }
    return 0;
  }

  @Command(name = "move", description = "Plays a move in UCI (e2e4, e7e8q).")
  int move(
      @Parameters(paramLabel = "GAME") String game,
      @Parameters(paramLabel = "PLAYER") String player,
      @Parameters(paramLabel = "UCI") String uci) {
    JsonNode g =
        root.api()
            .post(
                "/api/v1/games/" + game + "/moves",
                ApiClient.MAPPER.createObjectNode().put("player", player).put("uci", uci));
    root.print(g, Render.game(g));
    return 0;
  }

  @Command(name = "resign", description = "Resigns.")
  int resign(
      @Parameters(paramLabel = "GAME") String game,
      @Parameters(paramLabel = "PLAYER") String player) {
    return act(root, game, "/resign", player);
  }

  @Command(name = "abort", description = "Aborts a game before both sides moved.")
  int abort(
      @Parameters(paramLabel = "GAME") String game,
      @Parameters(paramLabel = "PLAYER") String player) {
    return act(root, game, "/abort", player);
  }

  static int act(ChessCli root, String game, String path, String player) {
    JsonNode g =
        root.api()
            .post(
                "/api/v1/games/" + game + path,
                ApiClient.MAPPER.createObjectNode().put("player", player));
    root.print(g, Render.game(g));
    return 0;
  }

  /** {@code chess game draw offer|accept}. */
  @Command(name = "draw", description = "Offers or accepts a draw.")
  static final class Draw {
    @ParentCommand GameCommands game;

    @Command(name = "offer", description = "Offers a draw.")
    int offer(
        @Parameters(paramLabel = "GAME") String id,
        @Parameters(paramLabel = "PLAYER") String player) {
      return act(game.root, id, "/draw/offer", player);
    }

    @Command(name = "accept", description = "Accepts the opponent's draw offer.")
    int accept(
        @Parameters(paramLabel = "GAME") String id,
        @Parameters(paramLabel = "PLAYER") String player) {
      return act(game.root, id, "/draw/accept", player);
    }
  }
}
