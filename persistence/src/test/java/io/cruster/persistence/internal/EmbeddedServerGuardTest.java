package io.cruster.persistence.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.internal.EmbeddedServerGuard.FolderLock;
import io.cruster.persistence.internal.EmbeddedServerGuard.Watchdog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces that tie an embedded server to its JVM, against stand-in processes: a copy of {@code
 * sleep} named {@code postgres} plays the postmaster (SIGINT ends it, as a fast shutdown would).
 */
@Timeout(60)
class EmbeddedServerGuardTest {
  @TempDir Path temp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killStandIns() {
    started.forEach(Process::destroyForcibly);
  }

  private Path folder() throws IOException {
    return Files.createDirectories(temp.resolve("pg"));
  }

  private Process run(Path binary) throws IOException {
    Process p = new ProcessBuilder(binary.toString(), "300").start();
    started.add(p);
    return p;
  }

  /** A stand-in postmaster: {@code sleep} under the name {@code postgres}. */
  private Process fakePostmaster() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path postgres = bin.resolve("postgres");
    Files.copy(Path.of(sleepBinary()), postgres, StandardCopyOption.REPLACE_EXISTING);
    postgres.toFile().setExecutable(true);
    return run(postgres);
  }

  private static String sleepBinary() {
    return Files.exists(Path.of("/usr/bin/sleep")) ? "/usr/bin/sleep" : "/bin/sleep";
  }

  private static void writePidFile(Path folder, long pid) throws IOException {
    Files.writeString(
        folder.resolve("postmaster.pid"), pid + "\n" + folder + "\n1700000000\n5432\n");
  }

  @Test
  void secondLockOnAFolderInUseFailsNamingIt() throws IOException {
    Path folder = folder();
    try (FolderLock first = EmbeddedServerGuard.lockFolder(folder)) {
      StorageException e =
          assertThrows(StorageException.class, () -> EmbeddedServerGuard.lockFolder(folder));
      assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    EmbeddedServerGuard.lockFolder(folder).close(); // released: free again
  }

  @Test
  void lockFileLivesBesideTheFolderSoInitdbFindsItEmpty() throws IOException {
    Path folder = folder();
    try (FolderLock lock = EmbeddedServerGuard.lockFolder(folder)) {
      try (var entries = Files.list(folder)) {
        assertEquals(0, entries.count());
      }
      assertTrue(Files.exists(temp.resolve("pg.lock")));
    }
  }

  @Test
  void noPidFileMeansNoOrphan() throws IOException {
    assertEquals(OptionalLong.empty(), EmbeddedServerGuard.stopOrphan(folder()));
  }

  @Test
  void pidFileOfAGoneProcessIsRemoved() throws Exception {
    Path folder = folder();
    Process gone = run(Path.of(sleepBinary()));
    gone.destroyForcibly().waitFor();
    writePidFile(folder, gone.pid());

    assertEquals(OptionalLong.empty(), EmbeddedServerGuard.stopOrphan(folder));
    assertFalse(Files.exists(folder.resolve("postmaster.pid")));
  }

  @Test
  void pidFileNamingALiveProcessThatIsNotPostgresIsRemovedAndTheProcessLeftAlone()
      throws IOException {
    Path folder = folder();
    Process stranger = run(Path.of(sleepBinary()));
    writePidFile(folder, stranger.pid());

    assertEquals(OptionalLong.empty(), EmbeddedServerGuard.stopOrphan(folder));
    assertFalse(Files.exists(folder.resolve("postmaster.pid")));
    assertTrue(stranger.isAlive(), "a process that merely reuses the pid is not touched");
  }

  @Test
  void garbledPidFileIsNoOrphan() throws IOException {
    Path folder = folder();
    Files.writeString(folder.resolve("postmaster.pid"), "not a pid\n");
    assertEquals(OptionalLong.empty(), EmbeddedServerGuard.stopOrphan(folder));
  }

  @Test
  void livePostgresNamedByThePidFileIsStopped() throws Exception {
    Path folder = folder();
    Process orphan = fakePostmaster();
    writePidFile(folder, orphan.pid());

    assertEquals(OptionalLong.of(orphan.pid()), EmbeddedServerGuard.stopOrphan(folder));
    assertFalse(EmbeddedServerGuard.runs(orphan.toHandle()));
  }

  @Test
  void watchdogStopsThePostmasterWhenItsPipeCloses() throws Exception {
    Path folder = folder();
    Process postmaster = fakePostmaster();
    writePidFile(folder, postmaster.pid());
    Watchdog watchdog = EmbeddedServerGuard.watch(folder);
    try {
      assertTrue(watchdog.process().isPresent());
      assertTrue(postmaster.isAlive());

      watchdog.closePipe(); // what the JVM's death does

      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !postmaster.isAlive());
    } finally {
      watchdog.close();
    }
  }

  @Test
  void closedWatchdogLeavesThePostmasterRunning() throws Exception {
    Path folder = folder();
    Process postmaster = fakePostmaster();
    writePidFile(folder, postmaster.pid());
    Watchdog watchdog = EmbeddedServerGuard.watch(folder);
    ProcessHandle shell = watchdog.process().orElseThrow();

    watchdog.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !shell.isAlive());
    assertFalse(postmaster.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  @Test
  void watchdogDoesNotSignalAPostmasterThatNoLongerOwnsTheFolder() throws Exception {
    Path folder = folder();
    Process postmaster = fakePostmaster();
    writePidFile(folder, postmaster.pid());
    Watchdog watchdog = EmbeddedServerGuard.watch(folder);
    ProcessHandle shell = watchdog.process().orElseThrow();
    try {
      Files.delete(folder.resolve("postmaster.pid")); // the server stopped; its pid may be reused

      watchdog.closePipe();

      await().atMost(Duration.ofSeconds(10)).until(() -> !shell.isAlive());
      assertTrue(postmaster.isAlive());
    } finally {
      watchdog.close();
    }
  }
}
