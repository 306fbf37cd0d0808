package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code chess player register|status}. */
@Command(name = "player", description = "Registers players and shows them.")
final class PlayerCommands {
  @ParentCommand ChessCli root;

  @Command(name = "register", description = "Registers a player; prints their id.")
  int register(@Parameters(paramLabel = "USERNAME") String username) {
    JsonNode p =
        root.api()
            .post("/api/v1/players", ApiClient.MAPPER.createObjectNode().put("username", username));
    root.print(p, p.path("id").asText());
    return 0;
  }

  @Command(name = "status", description = "Shows a player: status, current game, rating.")
  int status(@Parameters(paramLabel = "PLAYER") String player) {
    JsonNode p = root.api().get("/api/v1/players/" + player);
    root.print(
        p,
        p.path("username").asText()
            + " ("
            + p.path("id").asText()
            + "): "
            + p.path("status").asText()
            + ", rating "
            + p.path("rating").asInt()
            + (p.path("currentGame").isNull()
                ? ""
                : ", playing " + p.path("currentGame").asText()));
    return 0;
  }
}
