package io.cruster.samples.durability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default after {@code kill -9}: the killed JVM's PostgreSQL stops by itself, and a
 * restart right after the kill, or after an orphan whose watchdog died too, starts cleanly on the
 * same data.
 */
@Tag("multi-process")
class EmbeddedCrashIT {
  static final Duration START = Duration.ofSeconds(60);

  @TempDir Path folder;
  private final List<ForkedJvm> apps = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    apps.forEach(ForkedJvm::close);
  }

  private ForkedJvm start() {
    ForkedJvm app =
        ForkedJvm.start(
            "embedded-" + (apps.size() + 1),
            EmbeddedApp.class,
            List.of(folder.resolve("pg").toString(), "tally-1"),
            Map.of());
    apps.add(app);
    return app;
  }

  private static long postmasterOf(ForkedJvm app) {
    return Long.parseLong(app.awaitLine("STARTED", START).word(2));
  }

  /**
   * Whether {@code pid} runs. An exited process that its new parent has not reaped yet (a zombie;
   * init may take a second) does not, though {@link ProcessHandle#isAlive()} says it does.
   */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static int lastCount(ForkedJvm app) {
    List<ForkedJvm.Line> counts = app.all("COUNT");
    return Integer.parseInt(counts.get(counts.size() - 1).word(1));
  }

  @Test
  @Timeout(120)
  void serverOfAKilledJvmStopsByItself() {
    ForkedJvm app = start();
    long postmaster = postmasterOf(app);
    app.awaitLine("COUNT 5", START);

    assertEquals(ForkedJvm.KILLED, app.kill(), app.transcript());

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !alive(postmaster));
  }

  @Test
  @Timeout(180)
  void restartRightAfterKillStartsCleanlyOnTheSameData() {
    ForkedJvm first = start();
    long firstPostmaster = postmasterOf(first);
    first.awaitLine("COUNT 20", START);
    assertEquals(ForkedJvm.KILLED, first.kill(), first.transcript());
    int acknowledged = lastCount(first);

    ForkedJvm second = start(); // at once: the old server is likely still running or stopping
    long secondPostmaster = postmasterOf(second);
    ForkedJvm.Line next = second.awaitLine("COUNT", START);

    String context = first.transcript() + second.transcript();
    int continued = Integer.parseInt(next.word(1));
    assertTrue(
        continued == acknowledged + 1 || continued == acknowledged + 2,
        "the total went on from the last acknowledged "
            + acknowledged
            + " (the addition in flight at the kill may have committed), got "
            + continued
            + context);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !alive(firstPostmaster));

    second.terminate(Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !alive(secondPostmaster));
  }

  @Test
  @Timeout(180)
  void orphanWhoseWatchdogDiedTooIsStoppedByTheNextStart() {
    ForkedJvm first = start();
    long orphan = postmasterOf(first);
    first.awaitLine("COUNT 5", START);
    Optional<ProcessHandle> watchdog =
        ProcessHandle.of(first.pid())
            .orElseThrow()
            .children()
            .filter(EmbeddedCrashIT::isShell)
            .findFirst();
    assertTrue(watchdog.isPresent(), "the running JVM has a watchdog child" + first.transcript());
    watchdog.get().destroyForcibly();
    await().atMost(Duration.ofSeconds(5)).until(() -> !watchdog.get().isAlive());
    assertEquals(ForkedJvm.KILLED, first.kill(), first.transcript());
    int acknowledged = lastCount(first);
    assertTrue(alive(orphan), "with its watchdog dead too, the server outlives its JVM");

    ForkedJvm second = start();
    postmasterOf(second);
    ForkedJvm.Line next = second.awaitLine("COUNT", START);

    String context = first.transcript() + second.transcript();
    assertTrue(
        !alive(orphan), "the orphan was stopped by the next start before it started" + context);
    int continued = Integer.parseInt(next.word(1));
    assertTrue(
        continued == acknowledged + 1 || continued == acknowledged + 2,
        "the total went on from " + acknowledged + ", got " + continued + context);
  }

  private static boolean isShell(ProcessHandle p) {
    return p.info()
        .command()
        .map(c -> Path.of(c).getFileName().toString().endsWith("sh"))
        .orElse(false);
  }
}
