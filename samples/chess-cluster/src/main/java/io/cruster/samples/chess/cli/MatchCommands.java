package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code chess match find|cancel}. */
@Command(name = "match", description = "Queues for a game.")
final class MatchCommands {
  @ParentCommand ChessCli root;

  @Command(name = "find", description = "Queues the player; prints the game when matched at once.")
  int find(
      @Parameters(paramLabel = "PLAYER") String player,
      @Option(
              names = {"-t", "--time-control"},
              defaultValue = "5+3",
              description = "M+S, bullet, blitz or rapid (default: ${DEFAULT-VALUE})")
          String timeControl) {
    JsonNode r =
        root.api()
            .post(
                "/api/v1/players/" + player + "/queue",
                ApiClient.MAPPER.createObjectNode().put("timeControl", timeControl));
    root.print(
        r,
        r.path("status").asText().equals("MATCHED")
            ? "matched: game " + r.path("gameId").asText() + ", playing " + r.path("color").asText()
            : "queued: #" + r.path("position").asInt() + " for " + r.path("timeControl").asText());
    return 0;
  }

  @Command(name = "cancel", description = "Leaves the queue.")
  int cancel(@Parameters(paramLabel = "PLAYER") String player) {
    JsonNode r = root.api().delete("/api/v1/players/" + player + "/queue");
    root.print(r, "left the queue");
    return 0;
  }
}
