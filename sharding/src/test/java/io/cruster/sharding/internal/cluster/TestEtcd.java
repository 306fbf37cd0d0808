package io.cruster.sharding.internal.cluster;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The etcd of the integration tests, and a fresh key prefix per test so tests never see each
 * other's keys.
 *
 * <p>The endpoints come from {@value #ENDPOINTS_VARIABLE}, else from the {@code env} file written
 * by {@code scripts/services start} (in {@code $CRUSTER_SERVICES_DIR}, or the nearest {@code
 * .services/} above the working directory): the lookup of the testkit's TestServices, which this
 * module cannot depend on. No endpoint is a test failure saying how to start etcd, never a skip.
 */
final class TestEtcd {
  static final String ENDPOINTS_VARIABLE = "CRUSTER_ETCD_ENDPOINTS";
  private static final String SERVICES_DIR_VARIABLE = "CRUSTER_SERVICES_DIR";
  private static final String START_HINT =
      "Start the services with 'scripts/services start' (from the "
          + "repository root) and re-run, or run the build through 'scripts/test', which starts and stops them "
          + "itself.";

  private TestEtcd() {}

  /** A client of the test etcd; the caller closes it. */
  static Client client() {
    return Client.builder().endpoints(endpoints().toArray(String[]::new)).build();
  }

  /** A client pointed at a loopback port where nothing listens. */
  static Client unreachableClient() {
    return Client.builder()
        .endpoints("http://127.0.0.1:9")
        .connectTimeout(Duration.ofMillis(200))
        .build();
  }

  /** {@code /cruster-it/<test>-<random>}: a prefix no other test or run uses. */
  static String uniquePrefix(String test) {
    return "/cruster-it/" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Settings on {@code prefix} with a lease of TTL 5 s, margin 2 s: short, yet a loaded machine
   * does not fence runners by accident. Tests that wait for an expiry shorten it further.
   */
  static ClusterSettings settings(String prefix) {
    return ClusterSettings.defaults()
        .withKeyPrefix(prefix)
        .withLease(Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  /** The keys under {@code prefix}, with their values. */
  static Map<String, String> keys(Client client, String prefix) throws Exception {
    return client
        .getKVClient()
        .get(Etcd.bytes(prefix), GetOption.builder().isPrefix(true).build())
        .get(5, TimeUnit.SECONDS)
        .getKvs()
        .stream()
        .collect(
            java.util.stream.Collectors.toMap(
                kv -> Etcd.text(kv.getKey()), kv -> Etcd.text(kv.getValue())));
  }

  /** Deletes every key under {@code prefix}. */
  static void deletePrefix(Client client, String prefix) throws Exception {
    client
        .getKVClient()
        .delete(Etcd.bytes(prefix), DeleteOption.builder().isPrefix(true).build())
        .get(5, TimeUnit.SECONDS);
  }

  static List<String> endpoints() {
    Map<String, String> environment = System.getenv();
    String value = environment.get(ENDPOINTS_VARIABLE);
    if (value == null || value.isBlank()) {
      Path start = Path.of("").toAbsolutePath();
      Path envFile =
          envFile(environment, start)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "etcd is not available to the tests: "
                              + ENDPOINTS_VARIABLE
                              + " is not set and no .services/env file "
                              + "was found in "
                              + start
                              + " or its parents. "
                              + START_HINT));
      value =
          readVariable(envFile)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "etcd is not available to the "
                              + "tests: "
                              + ENDPOINTS_VARIABLE
                              + " is not set and "
                              + envFile
                              + " does not define it. "
                              + START_HINT));
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Optional<Path> envFile(Map<String, String> environment, Path start) {
    String servicesDir = environment.get(SERVICES_DIR_VARIABLE);
    if (servicesDir != null
        && !servicesDir.isBlank()
        && Files.isRegularFile(Path.of(servicesDir.strip(), "env"))) {
      return Optional.of(Path.of(servicesDir.strip(), "env"));
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(".services").resolve("env");
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /**
   * The last {@code [export ]NAME=value} line for the endpoints variable, one level of quotes
   * removed.
   */
  private static Optional<String> readVariable(Path envFile) {
    try {
      String result = null;
      for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
        String text = line.strip();
        text = text.startsWith("export ") ? text.substring("export ".length()).strip() : text;
        if (text.startsWith(ENDPOINTS_VARIABLE + "=")) {
          String raw = text.substring(ENDPOINTS_VARIABLE.length() + 1).strip();
          boolean quoted =
              raw.length() >= 2
                  && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')
                  && raw.charAt(raw.length() - 1) == raw.charAt(0);
          result = quoted ? raw.substring(1, raw.length() - 1) : raw;
        }
      }
      return Optional.ofNullable(result).filter(s -> !s.isBlank());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + envFile, e);
    }
  }
}
