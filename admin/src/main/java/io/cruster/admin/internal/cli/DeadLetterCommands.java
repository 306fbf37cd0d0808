package io.cruster.admin.internal.cli;

import static io.cruster.admin.internal.cli.Commands.enc;
import static io.cruster.admin.internal.cli.Commands.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.admin.internal.cli.Commands.Leaf;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cruster dead-letters list|redrive}. */
@Command(
    name = "dead-letters",
    description = "List and redrive dead-lettered requests.",
    subcommands = {DeadLetterCommands.ListCmd.class, DeadLetterCommands.Redrive.class})
final class DeadLetterCommands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  @Command(name = "list", description = "The oldest dead letters.")
  static final class ListCmd extends Leaf {
    @Option(names = "--limit", defaultValue = "100")
    int limit;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("dead-letters?limit=" + limit);
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      for (JsonNode d : b.path("deadLetters")) {
        out.printf(
            "%-22s %-28s %-24s %d failures: %s%n",
            s(d.get("requestId")),
            s(d.get("entityType")) + "/" + s(d.get("entityId")),
            s(d.get("tag")),
            d.path("failures").asInt(),
            s(d.get("lastError")));
      }
      if (b.path("deadLetters").isEmpty()) out.println("no dead letters");
    }
  }

  @Command(name = "redrive", description = "Deliver a dead-lettered request again.")
  static final class Redrive extends Leaf {
    @Parameters(paramLabel = "REQUEST_ID")
    String id;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.post("dead-letters/" + enc(id) + "/redrive", "");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.println("redriven " + s(b.get("requestId")));
    }
  }
}
