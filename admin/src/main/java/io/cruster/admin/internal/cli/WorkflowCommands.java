package io.cruster.admin.internal.cli;

import static io.cruster.admin.internal.cli.Commands.enc;
import static io.cruster.admin.internal.cli.Commands.s;

import com.fasterxml.jackson.databind.JsonNode;
import io.cruster.admin.internal.cli.Commands.Leaf;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cruster workflows list|show|cancel|retry|restart|export}. */
@Command(
    name = "workflows",
    description = "List, show, cancel, retry, restart and export workflow executions.",
    subcommands = {
      WorkflowCommands.ListCmd.class,
      WorkflowCommands.Show.class,
      WorkflowCommands.Cancel.class,
      WorkflowCommands.Retry.class,
      WorkflowCommands.Restart.class,
      WorkflowCommands.Export.class
    })
final class WorkflowCommands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  static void row(JsonNode e, PrintWriter out) {
    out.printf(
        "%-22s %-10s %-28s %-24s %s%n",
        s(e.get("executionId")),
        s(e.get("status")),
        s(e.get("entityType")) + "/" + s(e.get("entityId")),
        s(e.get("tag")),
        s(e.get("startedAt")));
  }

  @Command(name = "list", description = "Executions, newest first.")
  static final class ListCmd extends Leaf {
    @Option(
        names = "--status",
        description = "RUNNING, SLEEPING, AWAITING, COMPLETED, FAILED, CANCELLED (comma-separated)")
    String status;

    @Option(names = "--type", description = "entity type")
    String type;

    @Option(names = "--entity", description = "entity id")
    String entity;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Option(names = "--cursor", description = "the nextCursor of the page before")
    String cursor;

    @Override
    JsonNode fetch(AdminClient c) {
      StringBuilder q = new StringBuilder("workflows?limit=" + limit);
      if (status != null) q.append("&status=").append(enc(status));
      if (type != null) q.append("&type=").append(enc(type));
      if (entity != null) q.append("&entityId=").append(enc(entity));
      if (cursor != null) q.append("&cursor=").append(enc(cursor));
      return c.get(q.toString());
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.printf(
          "%-22s %-10s %-28s %-24s %s%n", "EXECUTION", "STATUS", "ENTITY", "WORKFLOW", "STARTED");
      b.path("executions").forEach(e -> row(e, out));
      if (!b.path("nextCursor").isNull()) {
        out.println("more: --cursor " + s(b.get("nextCursor")));
      }
    }
  }

  @Command(name = "show", description = "One execution with its steps.")
  static final class Show extends Leaf {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("workflows/" + enc(id));
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      row(b, out);
      if (!b.path("failure").isNull()) out.println("failure: " + s(b.get("failure")));
      if (!b.path("restartedFrom").isNull())
        out.println("restarted from: " + s(b.get("restartedFrom")));
      for (JsonNode st : b.path("steps")) {
        out.printf(
            "  %3d %-11s %-32s %s%s%n",
            st.path("number").asInt(),
            s(st.get("kind")),
            s(st.get("tag")),
            st.path("endedAt").isNull() ? "waiting" : st.path("durationMillis").asLong() + " ms",
            st.path("failed").asBoolean() ? " FAILED" : "");
      }
    }
  }

  @Command(name = "cancel", description = "Cancel an execution.")
  static final class Cancel extends Leaf {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", defaultValue = "cancelled from the cruster CLI")
    String reason;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.post(
          "workflows/" + enc(id) + "/cancel",
          AdminClient.JSON.createObjectNode().put("reason", reason).toString());
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.println("cancellation requested for " + s(b.get("executionId")));
    }
  }

  @Command(name = "retry", description = "Run a FAILED execution again from its journal.")
  static final class Retry extends Leaf {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.post("workflows/" + enc(id) + "/retry", "");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.println("retrying " + s(b.get("executionId")));
    }
  }

  @Command(name = "restart", description = "Fork a new execution that runs again from a step.")
  static final class Restart extends Leaf {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--step", required = true, description = "the first step to run again")
    int step;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.post("workflows/" + enc(id) + "/restart?step=" + step, "");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.println("restarted as " + s(b.get("executionId")));
    }
  }

  @Command(name = "export", description = "The execution's history as JSON (for WorkflowReplayer).")
  static final class Export extends Leaf {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = {"-o", "--output"},
        description = "write it to this file")
    Path output;

    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("workflows/" + enc(id) + "/history");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      String json = b.toPrettyString();
      if (output == null) {
        out.println(json);
        return;
      }
      try {
        Files.writeString(output, json);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      out.println("wrote " + output);
    }
  }
}
