package io.cruster.samples.chess.server;

import io.cruster.samples.chess.ChessApp;
import io.cruster.samples.chess.Hosts;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A chess runner: the chess application on a {@link Sharding} runner (PostgreSQL + etcd, any number
 * of runners) or, with {@code --single}, on a {@link SingleRunner} (an embedded PostgreSQL unless
 * {@code --db-url} is given), serving the HTTP API, the WebSockets and the page. Prints {@code
 * READY <http-port> <runner-address> <pid>} on stdout once it serves, {@code STOPPED} after a
 * graceful stop (SIGTERM: a sharded runner hands its shards over first).
 *
 * <p>The cluster's database comes from {@code --db-url} or {@code CHESS_DB_URL}; etcd from {@code
 * CRUSTER_ETCD_ENDPOINTS}; the rest of the runner's configuration from the {@code CRUSTER_*}
 * variables of {@link ShardingConfig#fromEnvironment()}.
 */
@Command(
    name = "chess-server",
    mixinStandardHelpOptions = true,
    description =
        "Runs a chess runner: HTTP API, WebSockets and the web page over Cruster entities.")
public final class ChessServer implements Callable<Integer> {
  @Option(names = "--single", description = "one SingleRunner instead of a sharded runner")
  boolean single;

  @Option(
      names = "--db-url",
      description =
          "JDBC URL of the database (default: $CHESS_DB_URL; with --single: "
              + "an embedded PostgreSQL)")
  String dbUrl;

  @Option(
      names = "--data-dir",
      defaultValue = ".cruster/chess-postgres",
      description =
          "where the embedded PostgreSQL of --single keeps its data (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--http-host",
      defaultValue = "127.0.0.1",
      description = "HTTP address (default: ${DEFAULT-VALUE})")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "8081",
      description = "HTTP port, 0 for a free one " + "(default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(
      names = "--name",
      description = "this runner's name in logs and /health (default: chess-<pid>)")
  String name;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChessServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long pid = ProcessHandle.current().pid();
    Hosts.name((name == null ? "chess" : name) + " pid " + pid);
    String url = dbUrl != null ? dbUrl : System.getenv("CHESS_DB_URL");
    Cluster cluster;
    Supplier<Optional<ClusterStatus>> status;
    String runnerAddress;
    if (single) {
      SingleRunner.Builder b = SingleRunner.builder();
      if (url != null && !url.isBlank()) {
        b.jdbcUrl(url);
      } else {
        b.embedded(dataDir);
      }
      SingleRunner runner = b.build();
      ChessApp.install(runner);
      runner.start();
      cluster = runner;
      status = Optional::empty;
      runnerAddress = "single";
    } else {
      if (url == null || url.isBlank()) {
        System.err.println(
            "chess-server: give the cluster's database with --db-url or CHESS_DB_URL (or use --single)");
        return 2;
      }
      Sharding sharding = Sharding.builder(ShardingConfig.fromEnvironment()).jdbcUrl(url).build();
      ChessApp.install(sharding);
      sharding.start();
      cluster = sharding;
      status = () -> Optional.of(sharding.status());
      runnerAddress = sharding.address().orElseThrow();
    }
    WebServer http = ChessHttp.start(cluster, httpHost, httpPort, status);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  http.stop();
                  cluster.close();
                  System.out.println("STOPPED");
                  stopped.countDown();
                }));
    System.out.println("READY " + http.port() + " " + runnerAddress + " " + pid);
    stopped.await();
    return 0;
  }
}
