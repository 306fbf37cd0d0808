package io.cruster.samples.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cruster.micrometer.CrusterMicrometer;
import io.cruster.opentelemetry.CrusterOpenTelemetry;
import io.cruster.scheduler.ClusterCron;
import io.cruster.scheduler.MissedTicks;
import io.cruster.sharding.CallOptions;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.Health;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.Workflows;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * One runner of the test cluster, in a JVM of its own: a {@link Sharding} runner with {@link
 * Account} and {@link Pipeline} entities, a {@code heartbeat} singleton (a row in {@code
 * heartbeats} every 200 ms from wherever it runs), activation spans ({@link Spans}), a row in
 * {@code handler_runs} per {@link Account.Deposit} handler run, and a small HTTP admin surface on
 * loopback:
 *
 * <pre>
 * GET /status                         what {@link Sharding#status()} renders: runners, shards, entities, dead letters
 * GET /health                         {@link Sharding#health()}: UP, DEGRADED or DOWN (503) and a line per check
 * GET /metrics                        the cruster.* meters in the Prometheus text format
 * GET /resources                      after a full GC: heap bytes used and platform threads ({@code <bytes> <threads>})
 * GET /deposit?id=a&amp;amount=5[&amp;key=k]  calls Account a through this runner; replies with the balance
 * GET /balance?id=a                   the balance of Account a, read through this runner
 * GET /append?id=l&amp;key=k[&amp;timeoutMs=t]  appends the effect of request k to Ledger l (idempotent by k)
 * GET /run?id=p&amp;run=r&amp;steps=5&amp;pause=500  starts Pipeline workflow r on entity p (does not wait)
 * GET /order/start?id=o&amp;pause=3000     starts an {@link Order} workflow; replies with its execution id
 * GET /order/approve?id=o&amp;ok=true       resolves the order's approval
 * GET /order/join?execution=e&amp;timeout=30000  joins the execution; replies with its reply, or 500
 *                                     and the exception's class and message
 * GET /order/cancel?execution=e&amp;reason=r  cancels it; replies true or false
 * GET /order/status?execution=e        its status
 * </pre>
 *
 * With {@code CLUSTER_CRON} set to a cron expression, a {@link ClusterCron} schedule {@code tick}
 * writes each tick into {@code cron_ticks}, missed ticks caught up. Configuration comes from the
 * environment: {@code CLUSTER_DB_URL} (the JDBC URL of the cluster's database), {@code
 * CLUSTER_ADMIN_PORT} (0: a free port), {@code CLUSTER_ADMIN_HOST} (its address, 127.0.0.1), and
 * the {@code CRUSTER_*} variables of {@link ShardingConfig} and {@code CRUSTER_ETCD_ENDPOINTS}. On
 * stdout it prints {@code READY <runner-address> <admin-port> <process-id>} once it serves, and
 * {@code LEFT} after a graceful leave (SIGTERM). Traces go to an OTLP collector (Jaeger, Tempo)
 * when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, through the OpenTelemetry SDK's autoconfigure,
 * and to the file {@code CLUSTER_SPANS_FILE} when that is set; an admin request's W3C {@code
 * traceparent} header is continued.
 */
public final class RunnerApp {
  /** This process: its pid and a random suffix (a pid may be reused by a later process). */
  static final String RUNNER_ID =
      ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

  /** This process's metrics and tracing (set first thing in main). */
  private static volatile Telemetry TELEMETRY;

  private RunnerApp() {}

  public static void main(String[] args) throws Exception {
    String url = required("CLUSTER_DB_URL");
    int adminPort = Integer.parseInt(System.getenv().getOrDefault("CLUSTER_ADMIN_PORT", "0"));
    HikariDataSource appDb = pool(url);
    Telemetry telemetry = new Telemetry();
    TELEMETRY = telemetry;
    Sharding.Builder builder =
        Sharding.builder(ShardingConfig.fromEnvironment())
            .jdbcUrl(url)
            .instrumentation(new Spans(appDb, RUNNER_ID))
            .instrumentation(CrusterMicrometer.create(telemetry.metrics));
    telemetry.tracing.ifPresent(otel -> builder.instrumentation(CrusterOpenTelemetry.create(otel)));
    Sharding sharding = builder.build();
    Account.onDeposit =
        id -> {
          try {
            insert(
                appDb,
                "INSERT INTO handler_runs (address, runner, at) VALUES (?, ?, ?)",
                "Account/" + id,
                RUNNER_ID,
                Timestamp.from(Instant.now()));
          } catch (SQLException e) {
            throw new IllegalStateException("could not record a handler run of " + id, e);
          }
        };
    sharding.register(Account.TYPE);
    sharding.register(Pipeline.TYPE);
    sharding.register(Order.TYPE);
    sharding.register(Ledger.TYPE);
    sharding.singleton(
        "heartbeat",
        ctx -> {
          while (ctx.isActive()) {
            insert(
                appDb,
                "INSERT INTO heartbeats (runner, at) VALUES (?, ?)",
                RUNNER_ID,
                Timestamp.from(Instant.now()));
            ctx.sleep(Duration.ofMillis(200));
          }
        });
    String cron = System.getenv("CLUSTER_CRON");
    if (cron != null && !cron.isBlank()) {
      // Every tick once, missed ones caught up (within a bound), whichever runner holds the
      // schedule.
      ClusterCron.schedule(
          sharding,
          "tick",
          cron,
          ZoneOffset.UTC,
          MissedTicks.catchUp(1000, Duration.ofMinutes(10)),
          tick ->
              insert(
                  appDb,
                  "INSERT INTO cron_ticks (tick, runner, at) VALUES (?, ?, ?)",
                  Timestamp.from(tick.scheduledAt()),
                  RUNNER_ID,
                  Timestamp.from(Instant.now())));
    }
    CountDownLatch left = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sharding.close();
                  System.out.println("LEFT");
                  left.countDown();
                }));
    sharding.start();
    HttpServer admin = admin(sharding, adminPort, telemetry);
    System.out.println(
        "READY "
            + sharding.address().orElseThrow()
            + " "
            + admin.getAddress().getPort()
            + " "
            + RUNNER_ID);
    left.await();
  }

  private static HttpServer admin(Sharding sharding, int port, Telemetry telemetry)
      throws IOException {
    String host = System.getenv().getOrDefault("CLUSTER_ADMIN_HOST", "127.0.0.1");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    EntityClient accounts = sharding.client(Account.TYPE);
    EntityClient pipelines = sharding.client(Pipeline.TYPE);
    EntityClient ledgers = sharding.client(Ledger.TYPE);
    server.createContext(
        "/append",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  return String.valueOf(
                      ledgers.call(
                          q.get("id"),
                          new Ledger.Append(q.get("key")),
                          CallOptions.timeout(
                              Duration.ofMillis(
                                  Long.parseLong(q.getOrDefault("timeoutMs", "20000"))))));
                }));
    server.createContext("/status", ex -> reply(ex, () -> sharding.status().render()));
    server.createContext("/metrics", ex -> reply(ex, telemetry::scrape));
    server.createContext(
        "/health",
        ex -> {
          Health h = sharding.health();
          send(ex, h.status() == Health.Status.DOWN ? 503 : 200, h.render());
        });

    server.createContext(
        "/resources",
        ex ->
            reply(
                ex,
                () -> {
                  System.gc(); // heap after a full collection: what stays
                  long heap =
                      java.lang.management.ManagementFactory.getMemoryMXBean()
                          .getHeapMemoryUsage()
                          .getUsed();
                  int threads =
                      java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
                  return heap + " " + threads;
                }));
    server.createContext(
        "/deposit",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  CallOptions options =
                      q.containsKey("key")
                          ? CallOptions.idempotencyKey(q.get("key"))
                          : CallOptions.none();
                  return String.valueOf(
                      accounts.call(
                          q.get("id"),
                          new Account.Deposit(Long.parseLong(q.get("amount"))),
                          options));
                }));
    server.createContext(
        "/balance",
        ex ->
            reply(
                ex,
                () -> String.valueOf(accounts.call(query(ex).get("id"), new Account.Balance()))));
    server.createContext(
        "/run",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  pipelines.callAsync(
                      q.get("id"),
                      new Pipeline.Run(
                          q.get("run"),
                          Integer.parseInt(q.get("steps")),
                          Long.parseLong(q.get("pause"))));
                  return "STARTED";
                }));
    orders(server, sharding);
    server.start();
    return server;
  }

  /** The /order endpoints: start, approve, join, cancel and status of {@link Order} workflows. */
  private static void orders(HttpServer server, Sharding sharding) {
    EntityClient orders = sharding.client(Order.TYPE);
    Workflows workflows = sharding.workflows();
    server.createContext(
        "/order/start",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  return orders
                      .start(
                          q.get("id"), new Order.Place(q.get("id"), Long.parseLong(q.get("pause"))))
                      .executionId();
                }));
    server.createContext(
        "/order/approve",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  return String.valueOf(
                      orders.resolve(
                          q.get("id"), Order.APPROVAL, Boolean.parseBoolean(q.get("ok"))));
                }));
    server.createContext(
        "/order/join",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  return workflows
                      .handle(q.get("execution"), String.class)
                      .join(Duration.ofMillis(Long.parseLong(q.get("timeout"))));
                }));
    server.createContext(
        "/order/cancel",
        ex ->
            reply(
                ex,
                () -> {
                  Map<String, String> q = query(ex);
                  return String.valueOf(workflows.cancel(q.get("execution"), q.get("reason")));
                }));
    server.createContext(
        "/order/status",
        ex ->
            reply(
                ex,
                () -> workflows.handle(query(ex).get("execution"), String.class).status().name()));
  }

  private interface Body {
    String get() throws Exception;
  }

  private static void reply(HttpExchange ex, Body body) throws IOException {
    int status = 200;
    String text;
    try (io.opentelemetry.context.Scope trace = TELEMETRY.continueTrace(ex)) {
      text = body.get();
    } catch (Exception e) {
      status = 500;
      text = e.getClass().getName() + ": " + e.getMessage();
    }
    send(ex, status, text + "\n");
  }

  private static void send(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  static void insert(DataSource db, String sql, Object... params) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      s.executeUpdate();
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(4);
    c.setPoolName("cluster-app");
    return new HikariDataSource(c);
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println("RunnerApp: set " + name);
      System.exit(2);
    }
    return value;
  }
}
