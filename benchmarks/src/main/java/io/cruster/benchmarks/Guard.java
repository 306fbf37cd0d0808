package io.cruster.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Last line of defence against a hung scenario: if the guarded block has not finished in time,
 * writes a thread dump (virtual threads included) to a temp file, says which scenario hung, and
 * halts the JVM. Every wait in the scenarios is bounded already; this catches what those bounds
 * cannot (a blocked tell, a system that never returns from start).
 */
final class Guard implements AutoCloseable {
  private final Thread watcher;

  private Guard(String what, Duration limit) {
    watcher =
        Thread.ofPlatform()
            .daemon()
            .name("bench-guard")
            .start(
                () -> {
                  try {
                    Thread.sleep(limit.toMillis());
                  } catch (InterruptedException e) {
                    return; // finished in time
                  }
                  System.err.println(
                      "\nFAILED: "
                          + what
                          + " did not finish within "
                          + limit.toSeconds()
                          + " s; halting.");
                  System.err.println("Thread dump (virtual threads included): " + dumpThreads());
                  System.err.flush();
                  Runtime.getRuntime().halt(3);
                });
  }

  static Guard start(String what, Duration limit) {
    return new Guard(what, limit);
  }

  private static String dumpThreads() {
    try {
      Path file = Files.createTempDirectory("cruster-bench-").resolve("threads.txt");
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
      return file.toString();
    } catch (Exception e) {
      return "(failed: " + e + ")";
    }
  }

  @Override
  public void close() {
    watcher.interrupt();
  }
}
