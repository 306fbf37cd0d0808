package io.cruster.samples.chess.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cruster.samples.chess.server.ChessServer;
import io.cruster.sharding.ShardingConfig;
import io.cruster.testkit.ForkedJvm;
import io.cruster.testkit.FreshDatabase;
import io.cruster.testkit.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Chess runner processes for one test class: a fresh database, a fresh etcd key prefix, {@link
 * ChessServer} JVMs on free ports (lease TTL {@link #TTL}), each with an HTTP client. {@link
 * #close()} kills what still runs and drops the database.
 */
final class ChessRunners implements AutoCloseable {
  static final Duration TTL = Duration.ofSeconds(5);
  static final Duration START = Duration.ofSeconds(120);
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A response: status and JSON body. */
  record Response(int status, JsonNode body) {
    String text(String field) {
      return body.path(field).asText();
    }
  }

  /** One runner process. */
  record Runner(String name, ForkedJvm jvm, int httpPort, String address) {
    String base() {
      return "http://127.0.0.1:" + httpPort;
    }

    Response get(String path) {
      return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    Response post(String path, String json) {
      return send(
          HttpRequest.newBuilder(URI.create(base() + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder b) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
            r.statusCode(), r.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(r.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(name + " " + b.build().uri(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return name + "@" + httpPort;
    }
  }

  final FreshDatabase db = FreshDatabase.create("chess");
  private final String prefix = "/chess-it/" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Runner> runners = new CopyOnWriteArrayList<>();
  private int started;

  /** Starts {@code count} runners at once and waits until each serves HTTP. */
  List<Runner> start(int count) {
    List<String> names = new ArrayList<>();
    List<ForkedJvm> jvms = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "runner-" + (++started);
      names.add(name);
      jvms.add(
          ForkedJvm.start(
              name, ChessServer.class, List.of("--http-port", "0", "--name", name), environment()));
    }
    List<Runner> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ForkedJvm.Line ready = jvms.get(i).awaitLine("READY", START);
      Runner r =
          new Runner(names.get(i), jvms.get(i), Integer.parseInt(ready.word(1)), ready.word(2));
      runners.add(r);
      out.add(r);
    }
    return out;
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("CHESS_DB_URL", db.url());
    env.put("CRUSTER_ETCD_ENDPOINTS", String.join(",", TestServices.etcdEndpoints()));
    env.put("CRUSTER_CLUSTER_PREFIX", prefix);
    env.put("CRUSTER_RUNNER_LEASE_TTL", TTL.toString());
    env.put("CRUSTER_STORAGE_POLL_INTERVAL", "PT0.2S");
    env.put("CRUSTER_SHARD_HANDOVER_TIMEOUT", "PT5S");
    return env;
  }

  /** The runners started and still alive. */
  List<Runner> live() {
    return runners.stream().filter(r -> r.jvm().isAlive()).toList();
  }

  /** The runner whose {@code --name} is {@code name}. */
  Runner named(String name) {
    return runners.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Waits until every live runner sees all the live runners and together they serve every shard.
   */
  void awaitSettled(Duration within) {
    List<Runner> live = live();
    await("every shard served by one of " + live)
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              int served = 0;
              for (Runner r : live) {
                JsonNode cluster = r.get("/api/v1/admin/stats").body().path("cluster");
                if (cluster.path("runners").size() != live.size()) {
                  return false;
                }
                served += cluster.path("servedShards").asInt();
              }
              return served == ShardingConfig.DEFAULT_SHARDS_PER_GROUP;
            });
  }

  /** kill -9; returns when the process is gone. */
  Instant kill(Runner r) {
    Instant at = Instant.now();
    r.jvm().kill();
    return at;
  }

  String transcripts() {
    return runners.stream().map(r -> r.jvm().transcript()).collect(Collectors.joining());
  }

  @Override
  public void close() {
    try {
      runners.forEach(r -> r.jvm().close());
    } finally {
      db.close();
    }
  }
}
