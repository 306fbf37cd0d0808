package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code chess leaderboard top|player}. */
@Command(name = "leaderboard", description = "Shows the Elo leaderboard.")
final class LeaderboardCommands {
  @ParentCommand ChessCli root;

  @Command(name = "top", description = "The best players.")
  int top(
      @Option(
              names = {"-n", "--limit"},
              defaultValue = "10",
              description = "how many (default: ${DEFAULT-VALUE})")
          int limit) {
    JsonNode rows = root.api().get("/api/v1/leaderboard?limit=" + limit);
    StringBuilder b = new StringBuilder();
    rows.forEach(r -> b.append(Render.standing(r)).append('\n'));
    root.print(rows, rows.isEmpty() ? "no rated games yet" : b.toString().stripTrailing());
    return 0;
  }

  @Command(name = "player", description = "A player's rank and the players around them.")
  int player(@Parameters(paramLabel = "PLAYER") String player) {
    JsonNode r = root.api().get("/api/v1/leaderboard/" + player);
    StringBuilder b = new StringBuilder();
    r.path("above").forEach(a -> b.append(Render.standing(a)).append('\n'));
    b.append(Render.standing(r)).append("   <--\n");
    r.path("below").forEach(a -> b.append(Render.standing(a)).append('\n'));
    root.print(r, b.toString().stripTrailing());
    return 0;
  }
}
