package io.cruster.admin.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      WorkflowCommands.class,
      DeadLetterCommands.class,
      EntityCommands.class,
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

  static String s(JsonNode n) {
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
