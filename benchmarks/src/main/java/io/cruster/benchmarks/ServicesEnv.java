package io.cruster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the suites that need real services (PostgreSQL, etcd) find them: a variable of the
 * environment, else the same variable in the {@code .services/env} file that {@code
 * scripts/services start} writes, found from the working directory upward, then from the benchmarks
 * jar's directory upward.
 */
final class ServicesEnv {
  /** A value and where it came from (for messages). */
  record Value(String value, String origin) {}

  private ServicesEnv() {}

  /**
   * {@code variable} from the environment, else from the nearest {@code .services/env} that sets
   * it.
   */
  static Optional<Value> find(String variable) {
    String fromEnv = System.getenv(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Value(fromEnv.strip(), variable + " in the environment"));
    }
    for (Path start : List.of(Path.of("").toAbsolutePath(), jarDirectory())) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        Path env = dir.resolve(".services").resolve("env");
        if (Files.isRegularFile(env)) {
          Optional<String> value = read(env, variable);
          if (value.isPresent()) {
            return Optional.of(new Value(value.get(), env.toString()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Where the lookup looked, for the message when nothing was found. */
  static String searched() {
    return Path.of("").toAbsolutePath() + " or " + jarDirectory() + " upward";
  }

  /**
   * Where the benchmarks jar is (its repository's .services is found from there too), or the
   * working directory.
   */
  private static Path jarDirectory() {
    try {
      return Path.of(ServicesEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath();
    } catch (Exception e) {
      return Path.of("").toAbsolutePath();
    }
  }

  /** The value of {@code export VARIABLE=...} in a services env file. */
  private static Optional<String> read(Path env, String variable) {
    try {
      for (String line : Files.readAllLines(env)) {
        String l = line.strip();
        if (l.startsWith("export ")) {
          l = l.substring("export ".length()).strip();
        }
        if (l.startsWith(variable + "=")) {
          String value = l.substring(variable.length() + 1).strip();
          if (value.length() >= 2
              && (value.startsWith("'") && value.endsWith("'")
                  || value.startsWith("\"") && value.endsWith("\""))) {
            value = value.substring(1, value.length() - 1);
          }
          return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
