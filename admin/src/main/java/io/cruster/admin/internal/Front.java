package io.cruster.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cruster.admin.AdminSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler of the admin server: static UI files at {@code /}, the API under {@code
 * /api/v1} (bearer token check, read-only check, audit of every action, errors as JSON with a code)
 * and the live-refresh stream at {@code /api/v1/events} (server-sent events). Runs each exchange on
 * its own virtual thread; thread-safe.
 */
public final class Front implements HttpHandler {
  /** The largest request body read, in bytes. */
  static final int MAX_BODY = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(Front.class);
  private static final String PREFIX = "/api/v1";
  private static final String UI = "/cruster-admin-ui/";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png");

  private final Api api;
  private final AdminSettings settings;
  private final Audit audit = new Audit();
  private final AtomicBoolean closed = new AtomicBoolean();

  public Front(Api api, AdminSettings settings) {
    this.api = api;
    this.settings = settings;
  }

  /** Ends the live-refresh streams. */
  public void close() {
    closed.set(true);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (path.equals(PREFIX) || path.startsWith(PREFIX + "/")) {
        api(ex, path.substring(PREFIX.length()));
      } else {
        file(ex, path);
      }
    } catch (IOException e) {
      LOG.debug(
          "admin: {} {}: connection lost: {}",
          ex.getRequestMethod(),
          ex.getRequestURI(),
          e.toString());
    }
  }

  private void api(HttpExchange ex, String rest) throws IOException {
    String method = ex.getRequestMethod();
    String who = who(ex);
    try {
      List<String> segments;
      Map<String, String> query;
      try {
        segments = segments(rest);
        query = query(ex.getRequestURI().getRawQuery());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("bad_request", "the URL does not decode: " + e.getMessage());
      }
      if (!authorized(ex, query)) {
        throw new ApiError(401, "unauthorized", "a valid bearer token is required");
      }
      if (method.equals("GET")) {
        if (segments.equals(List.of("events"))) {
          events(ex);
          return;
        }
        if (segments.equals(List.of("audit"))) {
          json(ex, 200, Map.of("actions", audit.latest()));
          return;
        }
        json(ex, 200, api.get(segments, query));
      } else if (method.equals("POST")) {
        post(ex, segments, query, who);
      } else {
        throw new ApiError(405, "method_not_allowed", method + " is not allowed; use GET or POST");
      }
    } catch (ApiError e) {
      error(ex, e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("admin: {} /api/v1{} failed", method, rest, e);
      error(
          ex,
          500,
          "internal",
          e.getClass().getSimpleName() + ": " + api.views().text(e.getMessage()));
    }
  }

  private void post(HttpExchange ex, List<String> segments, Map<String, String> query, String who)
      throws IOException {
    String target = "/api/v1/" + String.join("/", segments);
    if (settings.readOnly()) {
      audit.record(who, "POST", target, "403 read_only");
      throw new ApiError(403, "read_only", "this console is read-only");
    }
    JsonNode body = body(ex);
    Api.Action a;
    try {
      a = api.post(segments, query, body);
    } catch (ApiError e) {
      audit.record(who, "POST", target, e.status() + " " + e.code());
      throw e;
    }
    audit.record(who, a.name(), a.target(), "ok");
    json(ex, 200, a.result());
  }

  private JsonNode body(HttpExchange ex) throws IOException {
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new ApiError(
          413, "body_too_large", "a request body has at most " + MAX_BODY + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode node;
    try {
      node = api.views().mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.badRequest(
          "malformed_json",
          "the request body is not JSON: " + api.views().text(e.getOriginalMessage()));
    }
    if (!node.isObject()) {
      throw ApiError.badRequest("malformed_json", "the request body must be a JSON object");
    }
    return node;
  }

  private boolean authorized(HttpExchange ex, Map<String, String> query) {
    if (settings.token().isEmpty()) {
      return true;
    }
    String given = null;
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).trim();
    } else if (query.containsKey("token")) {
      given = query.get("token"); // EventSource cannot send headers
    }
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            settings.token().get().getBytes(StandardCharsets.UTF_8));
  }

  private static String who(HttpExchange ex) {
    String user = ex.getRequestHeaders().getFirst("X-Cruster-User");
    if (user == null || user.isBlank()) {
      user = "anonymous";
    }
    user = user.replaceAll("[^A-Za-z0-9_.@-]", "_");
    if (user.length() > 64) {
      user = user.substring(0, 64);
    }
    return user + " from " + ex.getRemoteAddress().getAddress().getHostAddress();
  }

  private void events(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    long seq = 0;
    while (!closed.get()) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("seq", seq++);
      try {
        Map<String, Object> c = api.clusterView();
        summary.put("servedShards", c.get("servedShards"));
        summary.put("deadLetters", c.get("deadLetters"));
        summary.put("health", c.get("health"));
        summary.put("liveEntities", c.get("liveEntities"));
      } catch (RuntimeException e) {
        summary.put("error", String.valueOf(e.getMessage()));
      }
      String data = api.views().mapper().writeValueAsString(summary);
      out.write(("event: summary\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        Thread.sleep(settings.refreshInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void file(HttpExchange ex, String path) throws IOException {
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      error(ex, 405, "method_not_allowed", "the UI is read with GET");
      return;
    }
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (!name.matches("[a-z0-9-]+\\.(html|js|css|svg|png)")) {
      error(ex, 404, "not_found", "no such file: " + path);
      return;
    }
    byte[] bytes;
    try (InputStream in = Front.class.getResourceAsStream(UI + name)) {
      if (in == null) {
        error(ex, 404, "not_found", "no such file: " + path);
        return;
      }
      bytes = in.readAllBytes();
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    ex.getResponseHeaders().set("Content-Type", TYPES.get(ext));
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private void json(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = api.views().mapper().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private void error(HttpExchange ex, int status, String code, String message) throws IOException {
    if (status == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cruster\"");
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("status", status);
    e.put("code", code);
    e.put("message", message);
    json(ex, status, Map.of("error", e));
  }

  private static List<String> segments(String rest) {
    List<String> out = new ArrayList<>();
    for (String s : rest.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      String value = URLDecoder.decode(v, StandardCharsets.UTF_8);
      if (!value.isEmpty()) {
        out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), value);
      }
    }
    return out;
  }
}
