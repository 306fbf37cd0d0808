package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code chess admin stats|games}. */
@Command(name = "admin", description = "Looks at the server.")
final class AdminCommands {
  @ParentCommand ChessCli root;

  @Command(
      name = "stats",
      description = "Players, games, and the answering runner's view of the cluster.")
  int stats() {
    JsonNode s = root.api().get("/api/v1/admin/stats");
    StringBuilder b = new StringBuilder();
    b.append("runner ").append(s.path("runner").asText()).append('\n');
    b.append("players ")
        .append(s.path("players").asLong())
        .append(", games in progress ")
        .append(s.path("gamesInProgress").asLong())
        .append(", finished ")
        .append(s.path("gamesFinished").asLong())
        .append(", results applied ")
        .append(s.path("resultsApplied").asLong())
        .append('\n');
    JsonNode c = s.path("cluster");
    if (!c.isMissingNode()) {
      b.append("this runner serves ")
          .append(c.path("servedShards").asInt())
          .append(" shards; runners:\n");
      c.path("runners")
          .forEach(
              r ->
                  b.append("  ")
                      .append(r.path("address").asText())
                      .append(" (")
                      .append(r.path("assignedShards").asInt())
                      .append(" shards)\n"));
      b.append("live entities here: ").append(c.path("liveEntities")).append('\n');
      b.append("singletons here: ").append(c.path("singletons"));
    }
    root.print(s, b.toString().stripTrailing());
    return 0;
  }

  @Command(name = "games", description = "The latest games.")
  int games(
      @Option(
              names = {"-n", "--limit"},
              defaultValue = "20",
              description = "how many (default: ${DEFAULT-VALUE})")
          int limit) {
    JsonNode rows = root.api().get("/api/v1/admin/games?limit=" + limit);
    StringBuilder b = new StringBuilder();
    rows.forEach(
        g ->
            b.append(
                String.format(
                    "%-20s %-6s %s vs %s  %s%s%n",
                    g.path("id").asText(),
                    g.path("timeControl").asText(),
                    g.path("whiteName").asText(),
                    g.path("blackName").asText(),
                    g.path("status").asText(),
                    g.path("reason").isNull() ? "" : " (" + g.path("reason").asText() + ")")));
    root.print(rows, rows.isEmpty() ? "no games yet" : b.toString().stripTrailing());
    return 0;
  }
}
