package io.cruster.admin.internal.cli;

import static io.cruster.admin.internal.cli.Commands.enc;
import static io.cruster.admin.internal.cli.Commands.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.admin.internal.cli.Commands.Leaf;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cruster entities show TYPE ID}. */
@Command(
    name = "entities",
    description = "Look entities up.",
    subcommands = {EntityCommands.Show.class})
final class EntityCommands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  @Command(name = "show", description = "An entity's committed state and pending requests.")
  static final class Show extends Leaf {
    @Parameters(index = "0", paramLabel = "TYPE")
    String type;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("entities/" + enc(type) + "/" + enc(id));
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.printf(
          "%s/%s shard %s#%d version %d%s%n",
          s(b.get("entityType")),
          s(b.get("entityId")),
          s(b.get("shardGroup")),
          b.path("shard").asInt(),
          b.path("version").asLong(),
          b.path("liveHere").asBoolean() ? " (in memory)" : "");
      out.println(
          b.path("stored").asBoolean() ? b.path("state").toPrettyString() : "no state committed");
      out.println(b.path("pending").size() + " pending request(s)");
    }
  }
}
