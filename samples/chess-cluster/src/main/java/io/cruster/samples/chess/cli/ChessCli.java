package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.samples.chess.rules.Position;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code chess} command line. Every command but {@code perft} calls the HTTP API of a runner
 * ({@code --server}, default {@code $CHESS_SERVER} or {@code http://127.0.0.1:8081}); {@code
 * --json} prints the API's JSON instead of text. A refused request prints {@code error: CODE:
 * message} on stderr and exits with 1.
 *
 * <pre>
 * chess player register ada            chess match find ID --time-control 5+3
 * chess game show GAME                 chess game move GAME PLAYER e2e4
 * chess leaderboard top --limit 5      chess perft --fen "..." --depth 4
 * </pre>
 */
@Command(
    name = "chess",
    mixinStandardHelpOptions = true,
    description = "Plays chess on a Cruster chess server.",
    subcommands = {
      PlayerCommands.class,
      MatchCommands.class,
      GameCommands.class,
      LeaderboardCommands.class,
      AdminCommands.class,
      CommandLine.HelpCommand.class
    })
public final class ChessCli {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      defaultValue = "${env:CHESS_SERVER:-http://127.0.0.1:8081}",
      description = "the chess server (default: $CHESS_SERVER or http://127.0.0.1:8081)",
      scope = CommandLine.ScopeType.INHERIT)
  String server;

  @Option(
      names = "--json",
      description = "print the API's JSON",
      scope = CommandLine.ScopeType.INHERIT)
  boolean json;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with {@code args}, printing to {@code out} and {@code err}; returns the
   * exit status.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ChessCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof ApiClient.CliException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    return cli.execute(args);
  }

  ApiClient api() {
    return new ApiClient(server);
  }

  /** Prints {@code node} as JSON with {@code --json}, else {@code text}. */
  void print(JsonNode node, String text) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? node.toPrettyString() : text);
    out.flush();
  }

  @Command(
      name = "perft",
      description =
          "Counts the leaf nodes of the legal move tree (runs locally); the count "
              + "is the last line.")
  int perft(
      @Option(
              names = "--fen",
              defaultValue = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1",
              description = "the position (default: the initial one)")
          String fen,
      @Option(names = "--depth", required = true, description = "plies, 1 or more") int depth) {
    if (depth < 1 || depth > 8) {
      throw new IllegalArgumentException("--depth must be 1 to 8, was " + depth);
    }
    Position position = Position.fromFen(fen);
    long started = System.nanoTime();
    long nodes = position.perft(depth);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("perft depth %d of %s: %d ms%n", depth, fen, ms);
    out.println(nodes);
    out.flush();
    return 0;
  }
}
