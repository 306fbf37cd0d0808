package io.cruster.admin;

import com.sun.net.httpserver.HttpServer;
import io.cruster.actors.ConfigException;
import io.cruster.admin.internal.Api;
import io.cruster.admin.internal.Front;
import io.cruster.sharding.Cluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console of a cluster node: a JSON API under {@code /api/v1} and a web UI at {@code
 * /}, served from inside any {@code TestCluster}, {@link io.cruster.sharding.SingleRunner} or
 * {@link io.cruster.sharding.Sharding} process. Any runner answers for the whole cluster
 * (workflows, dead letters and entity states are read from the shared storage; counts of entities
 * in memory and singletons are this runner's).
 *
 * <pre>{@code
 * try (AdminServer admin = AdminServer.start(cluster, AdminSettings.defaults())) {
 *   System.out.println("console at " + admin.uri());
 * }
 * }</pre>
 *
 * <p>It listens on the JDK's HTTP server, one virtual thread per request. By default it binds to
 * {@code 127.0.0.1}; binding to any other address requires a bearer token. Every action ({@code
 * POST}) is logged with who took it ({@code io.cruster.admin.audit} logger, INFO). Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final Front front;
  private final ExecutorService executor;
  private final AdminSettings settings;

  private AdminServer(
      HttpServer server, Front front, ExecutorService executor, AdminSettings settings) {
    this.server = server;
    this.front = front;
    this.executor = executor;
    this.settings = settings;
  }

  /**
   * Starts serving the console of {@code cluster}. Blocks until the port is bound.
   *
   * @throws ConfigException if the bind address is not a loopback address and no token is set, or
   *     the address does not resolve
   * @throws UncheckedIOException if the port cannot be bound
   * @throws NullPointerException if an argument is null
   */
  public static AdminServer start(Cluster cluster, AdminSettings settings) {
    return start(cluster, settings, null);
  }

  /**
   * As {@link #start(Cluster, AdminSettings)}, with {@code GET /api/v1/metrics} answering what
   * {@code metrics} returns (read on each request; rendered as JSON), for example {@code () ->
   * CrusterMicrometer.summary(meterRegistry)} from {@code cruster-micrometer}.
   */
  public static AdminServer start(
      Cluster cluster,
      AdminSettings settings,
      java.util.function.Supplier<? extends Map<String, ?>> metrics) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(settings, "settings");
    InetAddress address;
    try {
      address = InetAddress.getByName(settings.bindAddress());
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "admin bindAddress [" + settings.bindAddress() + "] does not resolve");
    }
    if (!address.isLoopbackAddress() && settings.token().isEmpty()) {
      throw new ConfigException(
          "admin bindAddress ["
              + settings.bindAddress()
              + "] is not a loopback address: set a token (AdminSettings.withToken,"
              + " CRUSTER_ADMIN_TOKEN) to bind there");
    }
    Front front = new Front(new Api(cluster, settings, metrics), settings);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, settings.port()), 64);
    } catch (IOException e) {
      executor.close();
      throw new UncheckedIOException(
          "admin console: cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
    }
    server.createContext("/", front);
    server.setExecutor(executor);
    server.start();
    AdminServer admin = new AdminServer(server, front, executor, settings);
    LOG.info(
        "admin console at {} ({}{})",
        admin.uri(),
        settings.token().isPresent() ? "token required" : "no token",
        settings.readOnly() ? ", read-only" : "");
    return admin;
  }

  /** The port it listens on (the one chosen when {@link AdminSettings#port()} is 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The console's base URI, such as {@code http://127.0.0.1:9090/}. */
  public URI uri() {
    String host = server.getAddress().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** The settings it runs with. */
  public AdminSettings settings() {
    return settings;
  }

  /**
   * Stops listening, ends the live-refresh streams and open requests. Idempotent; blocks briefly.
   */
  @Override
  public void close() {
    front.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
