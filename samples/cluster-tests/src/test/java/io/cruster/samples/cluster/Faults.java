package io.cruster.samples.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Faults the multi-process tests inject into real processes: signals, and the services' own restart
 * commands ({@code scripts/services}, with the services directory of the test run).
 */
final class Faults {
  private Faults() {}

  /** {@code kill -<name> <pid>} (STOP, CONT, ...). */
  static void signal(String name, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid + " failed");
    }
  }

  /** The pid of the test run's etcd. */
  static long etcdPid() throws IOException {
    return Long.parseLong(Files.readString(servicesDir().resolve("etcd.pid")).strip());
  }

  /** Runs {@code scripts/services <command>} (such as {@code restart-postgres}). */
  static void services(String command) throws IOException, InterruptedException {
    ProcessBuilder b =
        new ProcessBuilder(repository().resolve("scripts/services").toString(), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    b.environment().put("CRUSTER_SERVICES_DIR", servicesDir().toString());
    Process p = b.start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("scripts/services " + command + " failed");
    }
  }

  static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/services"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find scripts/services above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path servicesDir() {
    String dir = System.getenv("CRUSTER_SERVICES_DIR");
    return dir != null && !dir.isBlank() ? Path.of(dir) : repository().resolve(".services");
  }
}
