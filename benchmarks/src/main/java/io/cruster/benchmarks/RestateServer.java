package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node Restate server for the Restate side of the durable benchmarks: the {@code
 * restate-server} binary of the npm package {@code @restatedev/restate-server-linux-x64} ({@code
 * scripts/bench} installs it and passes its path as {@value #BINARY_PROPERTY}), started by the
 * harness with its defaults (its durable log and partition stores on local disk, WAL fsync on) but
 * for loopback ports chosen here, telemetry off and a data folder of its own under the temp folder.
 * {@link #kill} is a real {@code kill -9}; {@link #restart} starts it again on the same folder and
 * ports (what it had accepted survives). {@link #close} stops it and deletes its folder.
 */
final class RestateServer implements AutoCloseable {
  static final String BINARY_PROPERTY = "bench.restate.server";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path binary;
  private final Path dir;
  private final int ingressPort;
  private final int adminPort;
  private Process process;

  private RestateServer(Path binary, Path dir, int ingressPort, int adminPort) {
    this.binary = binary;
    this.dir = dir;
    this.ingressPort = ingressPort;
    this.adminPort = adminPort;
  }

  /** The binary named by {@value #BINARY_PROPERTY}; fails saying how to get it. */
  static Path binary() {
    String path = System.getProperty(BINARY_PROPERTY);
    if (path == null || !Files.isExecutable(Path.of(path))) {
      throw new ScenarioFailedException(
          "no Restate server binary ("
              + BINARY_PROPERTY
              + "="
              + path
              + "): run the suite with scripts/bench durable, which installs"
              + " @restatedev/restate-server from the npm registry");
    }
    return Path.of(path);
  }

  /** Starts a fresh server and waits, bounded, until its admin API and ingress answer. */
  static RestateServer start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("cruster-bench-restate-");
    int[] ports = freePorts(4);
    Files.writeString(
        dir.resolve("restate.toml"),
        String.join(
            "\n",
            "disable-telemetry = true",
            "listen-mode = \"tcp\"",
            "log-format = \"compact\"",
            "bind-address = \"127.0.0.1:" + ports[0] + "\"",
            "advertised-address = \"http://127.0.0.1:" + ports[0] + "\"",
            "[ingress]",
            "bind-address = \"127.0.0.1:" + ports[1] + "\"",
            "[admin]",
            "bind-address = \"127.0.0.1:" + ports[2] + "\"",
            "[admin.query-engine]",
            "pgsql-bind-address = \"127.0.0.1:" + ports[3] + "\"",
            ""));
    RestateServer server = new RestateServer(binary(), dir, ports[1], ports[2]);
    server.launch();
    return server;
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                binary.toString(),
                "--config-file",
                dir.resolve("restate.toml").toString(),
                "--base-dir",
                dir.resolve("data").toString(),
                "--no-logo")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    awaitHealthy();
  }

  private void awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ScenarioFailedException(
            "the Restate server exited with " + process.exitValue() + "; see " + log());
      }
      if (ok(http, admin() + "/health") && ok(http, ingress() + "/restate/health")) {
        http.close();
        return;
      }
      Thread.sleep(100); // polling a process that exposes no readiness signal
    }
    http.close();
    throw new ScenarioFailedException(
        "the Restate server did not answer within " + START_TIMEOUT.toSeconds() + " s; " + log());
  }

  private static boolean ok(HttpClient http, String url) throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }

  String ingress() {
    return "http://127.0.0.1:" + ingressPort;
  }

  String admin() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** The arguments that point a Restate peer process at this server. */
  List<String> peerArgs(int endpointPort) {
    return List.of(
        "--restate-ingress=" + ingress(),
        "--restate-admin=" + admin(),
        "--endpoint-port=" + endpointPort);
  }

  String log() {
    return dir.resolve("server.log").toString();
  }

  /** {@code kill -9}, and waits (bounded) until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Starts the server again on the same data folder and ports; waits until it answers. */
  void restart() throws IOException, InterruptedException {
    launch();
  }

  /** A free loopback port for a peer's endpoint. */
  static int freePort() throws IOException {
    return freePorts(1)[0];
  }

  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and deletes its folder. */
  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          kill();
        }
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e);
    }
  }
}
