package io.cruster.samples.chess.server;

import io.cruster.samples.chess.GameStats;
import io.cruster.samples.chess.GameStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The runner's meters, scraped as Prometheus text at {@code /metrics}: HTTP requests ({@code
 * chess.http.requests}, by method, route and status), games started and finished and moves played
 * on this runner ({@code chess.games.started}, {@code chess.games.finished} by status, {@code
 * chess.moves}), open WebSockets, and the JVM's own meters. One registry per server; the
 * framework's meters can join it later through {@link #registry()}. Thread-safe.
 */
final class ChessMetrics {
  private static final Pattern ID_SEGMENT = Pattern.compile("/(players|games|leaderboard)/[^/]+");
  private static final Pattern KNOWN_ROUTE =
      Pattern.compile(
          "/api/v1/(players|games|leaderboard|admin)(/\\{id})?(/[a-z-]+){0,2}|/health|/metrics");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger sockets = new AtomicInteger();

  ChessMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    FunctionCounter.builder("chess.games.started", GameStats.class, c -> GameStats.startedCount())
        .description("games started on this runner")
        .register(registry);
    FunctionCounter.builder("chess.moves", GameStats.class, c -> GameStats.moveCount())
        .description("moves played on this runner")
        .register(registry);
    for (GameStatus s : GameStatus.values()) {
      if (s.isOver()) {
        FunctionCounter.builder(
                "chess.games.finished", GameStats.class, c -> GameStats.finishedCount(s))
            .tag("status", s.name())
            .description("games that ended on this runner")
            .register(registry);
      }
    }
    registry.gauge("chess.websockets.open", sockets);
  }

  MeterRegistry registry() {
    return registry;
  }

  /**
   * Records one HTTP request; ids in the path are folded and unknown paths are {@code other}, so
   * the routes stay few.
   */
  void request(String method, String path, int status, Duration took) {
    String folded = ID_SEGMENT.matcher(path).replaceAll("/$1/{id}");
    String route = KNOWN_ROUTE.matcher(folded).matches() ? folded : "other";
    Timer.builder("chess.http.requests")
        .tag("method", method)
        .tag("route", route)
        .tag("status", String.valueOf(status))
        .register(registry)
        .record(took);
  }

  void socketOpened() {
    sockets.incrementAndGet();
  }

  void socketClosed() {
    sockets.decrementAndGet();
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
