package io.cruster.admin.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code cruster} commands. Each leaf command takes {@code --url}, {@code --token} and {@code
 * --json}; text output is for people, {@code --json} prints the API's answer as it came. Exit
 * codes: 0 done, 1 the API refused (its code and message on stderr), 2 bad usage, 3 unreachable.
 */
@Command(
    name = "cruster",
    mixinStandardHelpOptions = true,
    version = "cruster 0.1.0",
    description = "See and steer a running Cruster cluster through its admin console.",
    subcommands = {
      Commands.Status.class,
      Commands.Workflows.class,
      Commands.DeadLetters.class,
      Commands.Entities.class,
      Commands.Schedules.class
    })
public final class Commands implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line whose output goes to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Commands());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof AdminClient.Failure f) {
            line.getErr()
                .println(
                    "error: "
                        + f.code
                        + (f.status > 0 ? " (" + f.status + ")" : "")
                        + ": "
                        + f.getMessage());
            line.getErr().flush();
            return f.status == 0 ? 3 : 1;
          }
          throw e;
        });
    return cl;
  }

  /** The options every leaf command takes. */
  static final class Global {
    @Option(
        names = "--url",
        defaultValue = "${env:CRUSTER_URL:-http://127.0.0.1:9090}",
        description = "the console's URL (env CRUSTER_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(
        names = "--token",
        defaultValue = "${env:CRUSTER_TOKEN}",
        description = "the bearer token (env CRUSTER_TOKEN)")
    String token;

    @Option(names = "--json", description = "print the API's JSON answer")
    boolean json;

    AdminClient client() {
      return new AdminClient(url, token);
    }
  }

  /** A leaf command: fetches JSON, prints it raw or as text. */
  abstract static class Leaf implements Callable<Integer> {
    @Mixin Global global;
    @Spec CommandSpec spec;

    abstract JsonNode fetch(AdminClient c);

    abstract void text(JsonNode body, PrintWriter out);

    @Override
    public Integer call() throws IOException {
      JsonNode body = fetch(global.client());
      PrintWriter out = spec.commandLine().getOut();
      if (global.json) {
        out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
      } else {
        text(body, out);
      }
      out.flush();
      return 0;
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String s(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }

  @Command(name = "status", description = "Runners, shards, health and live entities.")
  static final class Status extends Leaf {
    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("cluster");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      out.printf("runner  %s%n", s(b.get("runner")));
      out.printf(
          "health  %s %s%n",
          s(b.path("health").get("status")), b.path("health").path("reasons").toString());
      out.printf(
          "shards  %d served here, %d queued deliveries, %d dead letters%n",
          b.path("servedShards").asInt(),
          b.path("queuedDeliveries").asLong(),
          b.path("deadLetters").asInt());
      for (JsonNode r : b.path("runners")) {
        out.printf(
            "  %-24s weight %-3d assigned %-5d %s%n",
            s(r.get("address")),
            r.path("weight").asInt(),
            r.path("assignedShards").asInt(),
            s(r.get("incarnation")));
      }
      out.println("live entities here:");
      b.path("liveEntities")
          .fields()
          .forEachRemaining(e -> out.printf("  %-32s %d%n", e.getKey(), e.getValue().asInt()));
    }
  }

  @Command(
      name = "workflows",
      description = "List, show, cancel, retry, restart and export workflow executions.",
      subcommands = {
        Workflows.ListCmd.class,
        Workflows.Show.class,
        Workflows.Cancel.class,
        Workflows.Retry.class,
        Workflows.Restart.class,
        Workflows.Export.class
      })
  static final class Workflows implements Runnable {
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
          description =
              "RUNNING, SLEEPING, AWAITING, COMPLETED, FAILED, CANCELLED (comma-separated)")
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

    @Command(
        name = "export",
        description = "The execution's history as JSON (for WorkflowReplayer).")
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

  @Command(
      name = "dead-letters",
      description = "List and redrive dead-lettered requests.",
      subcommands = {DeadLetters.ListCmd.class, DeadLetters.Redrive.class})
  static final class DeadLetters implements Runnable {
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

  @Command(
      name = "entities",
      description = "Look entities up.",
      subcommands = {Entities.Show.class})
  static final class Entities implements Runnable {
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

  @Command(name = "schedules", description = "Cron schedules: last and next ticks, missed.")
  static final class Schedules extends Leaf {
    @Override
    JsonNode fetch(AdminClient c) {
      return c.get("schedules");
    }

    @Override
    void text(JsonNode b, PrintWriter out) {
      for (JsonNode c : b.path("schedules")) {
        out.printf(
            "%-24s %-16s last %-22s next %-22s runs %d failures %d missed %d%n",
            s(c.get("name")),
            s(c.get("expression")),
            s(c.get("lastTick")),
            s(c.get("nextTick")),
            c.path("runs").asLong(),
            c.path("failures").asLong(),
            c.path("missed").asLong());
      }
    }
  }
}
