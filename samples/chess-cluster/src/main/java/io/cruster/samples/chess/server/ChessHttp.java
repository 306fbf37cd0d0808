package io.cruster.samples.chess.server;

import io.cruster.actors.CrusterException;
import io.cruster.samples.chess.ChessGame;
import io.cruster.samples.chess.Hosts;
import io.cruster.samples.chess.PlayerSession;
import io.cruster.sharding.Cluster;
import io.cruster.sharding.ClusterStatus;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chess server's HTTP side on a {@link Cluster} with the chess application installed: the JSON
 * API under {@code /api/v1}, the WebSockets, {@code /health}, {@code /metrics} and the web page.
 * Helidon runs each request on a virtual thread, so handlers call entities blocking. Errors are
 * JSON: {@code {"error":CODE,"message":...}}.
 *
 * <pre>{@code
 * WebServer server = ChessHttp.start(cluster, "127.0.0.1", 8081, Optional::empty);
 * }</pre>
 */
public final class ChessHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ChessHttp.class);
  private static final Map<String, String> PAGES =
      Map.of(
          "/",
          "index.html",
          "/index.html",
          "index.html",
          "/app.js",
          "app.js",
          "/style.css",
          "style.css");

  private ChessHttp() {}

  /**
   * Starts serving on {@code host:port} (0: a free port; read it from {@link WebServer#port()}).
   * {@code status} gives this runner's view of the cluster for {@code /api/v1/admin/stats}, when it
   * has one.
   */
  public static WebServer start(
      Cluster cluster, String host, int port, Supplier<Optional<ClusterStatus>> status) {
    ChessMetrics metrics = new ChessMetrics();
    WsRouting.Builder sockets =
        WsRouting.builder()
            .endpoint(
                "/api/v1/games/{id}/watch",
                () -> new GameSocket(cluster.client(ChessGame.TYPE), metrics))
            .endpoint(
                "/api/v1/players/{id}/events",
                () -> new PlayerSocket(cluster.client(PlayerSession.TYPE), metrics));
    return WebServer.builder()
        .host(host)
        .port(port)
        .routing(r -> routing(r, cluster, status, metrics))
        .addRouting(sockets)
        .build()
        .start();
  }

  private static void routing(
      HttpRouting.Builder r,
      Cluster cluster,
      Supplier<Optional<ClusterStatus>> status,
      ChessMetrics metrics) {
    r.addFilter(
        (chain, req, res) -> {
          long start = System.nanoTime();
          try {
            chain.proceed();
          } finally {
            metrics.request(
                req.prologue().method().text(),
                req.prologue().uriPath().path(),
                res.status().code(),
                Duration.ofNanos(System.nanoTime() - start));
          }
        });
    r.register("/api/v1/players", new PlayerRoutes(cluster))
        .register("/api/v1/games", new GameRoutes(cluster))
        .register("/api/v1/leaderboard", new BoardRoutes(cluster))
        .register("/api/v1/admin", new AdminRoutes(cluster, status))
        .get(
            "/health",
            (req, res) ->
                Http.json(
                    res,
                    200,
                    Json.MAPPER
                        .createObjectNode()
                        .put("status", "UP")
                        .put("runner", Hosts.current())))
        .get(
            "/metrics",
            (req, res) -> {
              res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
              res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
            })
        .any(
            "/api/*",
            (req, res) -> {
              throw ApiException.notFound(
                  "no such endpoint: " + req.prologue().method().text() + " " + req.path().path());
            });
    PAGES.forEach(
        (path, file) ->
            r.get(
                path,
                (req, res) -> {
                  res.header(HeaderNames.CONTENT_TYPE, contentType(file));
                  res.send(page(file));
                }));
    r.error(
        ApiException.class,
        (req, res, e) -> Http.json(res, e.status(), Json.error(e.code(), e.getMessage())));
    r.error(
        CrusterException.class,
        (req, res, e) -> {
          LOG.warn("{} {}: {}", req.prologue().method().text(), req.path().path(), e.toString());
          Http.json(
              res,
              e.isRetryable() ? 503 : 500,
              Json.error(e.isRetryable() ? "UNAVAILABLE" : "INTERNAL", e.getMessage()));
        });
    r.error(
        RuntimeException.class,
        (req, res, e) -> {
          LOG.error("{} {} failed", req.prologue().method().text(), req.path().path(), e);
          Http.json(res, 500, Json.error("INTERNAL", String.valueOf(e.getMessage())));
        });
  }

  private static String contentType(String file) {
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
  }

  private static byte[] page(String file) {
    try (InputStream in = ChessHttp.class.getResourceAsStream("/web/" + file)) {
      if (in == null) {
        throw new IllegalStateException("web/" + file + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
