package io.cruster.benchmarks.peer.restate;

import dev.restate.sdk.HandlerRunner;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.cruster.benchmarks.peer.DurableApp;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The Restate side of the durable benchmarks: this process serves the {@link Flows} service and the
 * {@link Tally} object as a Restate Java SDK endpoint (HTTP/2 on Vert.x, handlers on virtual
 * threads), registers it with the Restate server the harness started ({@code --restate-admin},
 * {@code POST /deployments}), and calls it through that server's ingress ({@code
 * --restate-ingress}) with the JDK's HTTP client: {@code POST /Flows/flow} waits for the flow's
 * result; {@code .../send} returns once the server has durably accepted the invocation. The server
 * (the {@code restate-server} binary of the npm package, single node, its defaults but the ports)
 * is a process of its own, started and stopped by the harness; it journals every step before the
 * handler goes on.
 */
public final class RestatePeer implements DurableApp {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String ingress;
  private final HttpClient http;

  private RestatePeer(String ingress, String admin, int port) throws Exception {
    this.ingress = ingress;
    HandlerRunner.Options virtualThreads =
        HandlerRunner.Options.withExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Endpoint endpoint =
        Endpoint.builder()
            .bind(new Flows(), virtualThreads)
            .bind(new Tally(), virtualThreads)
            .build();
    int listening = RestateHttpServer.listen(endpoint, port);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    register(admin, "http://127.0.0.1:" + listening);
  }

  public static void main(String[] args) {
    PeerMain.run(
        "Restate",
        args,
        options ->
            new RestatePeer(
                options.require("restate-ingress"),
                options.require("restate-admin"),
                Integer.parseInt(options.require("endpoint-port"))));
  }

  /** Registers this endpoint with the server (again, after a restart: {@code force}). */
  private void register(String admin, String uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(admin + "/deployments"))
                .timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"uri\":\"" + uri + "\",\"force\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new ScenarioFailedException(
          "registering "
              + uri
              + " with "
              + admin
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  private String post(String path, String json, int expected) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(ingress + path))
                .timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new ScenarioFailedException(
          "POST " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static String flowInput(String id, int steps) {
    return "{\"id\":\"" + id + "\",\"steps\":" + steps + "}";
  }

  @Override
  public String runFlow(String id, int steps) throws Exception {
    String body = post("/Flows/flow", flowInput(id, steps), 200);
    return body.substring(1, body.length() - 1); // a JSON string
  }

  @Override
  public void startFlow(String id, int steps) throws Exception {
    post("/Flows/flow/send", flowInput(id, steps), 202);
  }

  @Override
  public void startNap(String id, Duration duration) throws Exception {
    post("/Flows/nap/send", "{\"id\":\"" + id + "\",\"millis\":" + duration.toMillis() + "}", 202);
  }

  @Override
  public void tally(String key, long n) throws Exception {
    post("/Tally/" + key + "/record/send", Long.toString(n), 202);
  }

  @Override
  public void close() {
    http.close(); // the endpoint's server stops with the process
  }
}
