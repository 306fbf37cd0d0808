package io.cruster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the PostgreSQL and etcd used by integration tests run.
 *
 * <p>{@code scripts/services start} starts both on loopback and writes {@code .services/env} in the
 * repository root; {@code scripts/test} does that, exports the same variables and runs the Maven
 * build. Each lookup here takes, in this order:
 *
 * <ol>
 *   <li>the environment variable ({@value #POSTGRES_URL_VARIABLE} or {@value
 *       #ETCD_ENDPOINTS_VARIABLE});
 *   <li>the {@code env} file in the directory named by {@value #SERVICES_DIR_VARIABLE}, if that is
 *       set;
 *   <li>the nearest {@code .services/env} file found by walking up from the current directory.
 * </ol>
 *
 * If none of them gives a value, the lookup throws an {@link IllegalStateException} that says how
 * to start the services. A test that needs a service should therefore fail with that message rather
 * than skip.
 */
public final class TestServices {

  /** Environment variable holding the JDBC URL of the test database. */
  public static final String POSTGRES_URL_VARIABLE = "CRUSTER_PG_URL";

  /** Environment variable holding the comma-separated etcd client endpoints. */
  public static final String ETCD_ENDPOINTS_VARIABLE = "CRUSTER_ETCD_ENDPOINTS";

  /**
   * Environment variable that moves the state directory of {@code scripts/services} away from
   * {@code .services}.
   */
  public static final String SERVICES_DIR_VARIABLE = "CRUSTER_SERVICES_DIR";

  private static final String START_HINT =
      "Start the services with 'scripts/services start' (from the repository root) "
          + "and re-run, or run the build through 'scripts/test', which starts and stops them itself.";

  private TestServices() {}

  /**
   * Returns the JDBC URL of the PostgreSQL test database, e.g. {@code
   * jdbc:postgresql://127.0.0.1:54329/cruster?user=postgres}.
   *
   * @return the JDBC URL, never blank
   * @throws IllegalStateException if neither {@value #POSTGRES_URL_VARIABLE} nor a {@code
   *     .services/env} file gives one; the message says how to start the services
   */
  public static String postgresUrl() {
    return postgresUrl(System.getenv(), currentDirectory());
  }

  /**
   * Returns the etcd client endpoints, e.g. {@code [http://127.0.0.1:23790]}.
   *
   * @return an unmodifiable, non-empty list of endpoint URLs
   * @throws IllegalStateException if neither {@value #ETCD_ENDPOINTS_VARIABLE} nor a {@code
   *     .services/env} file gives any; the message says how to start the services
   */
  public static List<String> etcdEndpoints() {
    return etcdEndpoints(System.getenv(), currentDirectory());
  }

  static String postgresUrl(Map<String, String> environment, Path startDirectory) {
    return lookup("PostgreSQL", POSTGRES_URL_VARIABLE, environment, startDirectory);
  }

  static List<String> etcdEndpoints(Map<String, String> environment, Path startDirectory) {
    String value = lookup("etcd", ETCD_ENDPOINTS_VARIABLE, environment, startDirectory);
    List<String> endpoints =
        Arrays.stream(value.split(","))
            .map(String::strip)
            .filter(endpoint -> !endpoint.isEmpty())
            .toList();
    if (endpoints.isEmpty()) {
      throw new IllegalStateException(
          "etcd: "
              + ETCD_ENDPOINTS_VARIABLE
              + " lists no endpoints ('"
              + value
              + "'). "
              + START_HINT);
    }
    return endpoints;
  }

  /**
   * Looks a variable up in the environment, then in the services env file.
   *
   * @param service the service name used in the error message
   * @param variable the variable to look up
   * @param environment the process environment (a parameter so that tests can pass their own)
   * @param startDirectory where the upward search for {@code .services/env} begins
   */
  static String lookup(
      String service, String variable, Map<String, String> environment, Path startDirectory) {
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    Optional<Path> envFile = findEnvFile(environment, startDirectory);
    if (envFile.isEmpty()) {
      throw new IllegalStateException(
          service
              + " is not available to the tests: "
              + variable
              + " is not set and no .services/env file was found in "
              + startDirectory.toAbsolutePath()
              + " or its parents. "
              + START_HINT);
    }
    Optional<String> fromFile = readVariable(envFile.get(), variable);
    if (fromFile.isEmpty()) {
      throw new IllegalStateException(
          service
              + " is not available to the tests: "
              + variable
              + " is not set and "
              + envFile.get()
              + " does not define it. "
              + START_HINT);
    }
    return fromFile.get();
  }

  /**
   * The env file of {@code CRUSTER_SERVICES_DIR} if set, else the nearest {@code .services/env}
   * above the start.
   */
  static Optional<Path> findEnvFile(Map<String, String> environment, Path startDirectory) {
    String servicesDir = environment.get(SERVICES_DIR_VARIABLE);
    if (servicesDir != null && !servicesDir.isBlank()) {
      Path file = startDirectory.getFileSystem().getPath(servicesDir.strip(), "env");
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    for (Path dir = startDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(".services").resolve("env");
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads {@code export NAME=value} or {@code NAME=value} lines as written by {@code
   * scripts/services}; one level of single or double quotes around the value is removed.
   */
  static Optional<String> readVariable(Path envFile, String variable) {
    List<String> lines;
    try {
      lines = Files.readAllLines(envFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + envFile, e);
    }
    String result = null;
    for (String line : lines) {
      String text = line.strip();
      if (text.startsWith("export ")) {
        text = text.substring("export ".length()).strip();
      }
      if (!text.startsWith(variable + "=")) {
        continue;
      }
      String value = unquote(text.substring(variable.length() + 1).strip());
      // Like the shell, the last assignment wins.
      result = value.isBlank() ? null : value;
    }
    return Optional.ofNullable(result);
  }

  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '\'' || first == '"') && value.charAt(value.length() - 1) == first) {
        return value.substring(1, value.length() - 1);
      }
    }
    return value;
  }

  private static Path currentDirectory() {
    return Path.of("").toAbsolutePath();
  }
}
