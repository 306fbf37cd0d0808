package io.cruster.persistence.internal;

import io.cruster.persistence.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps an embedded PostgreSQL tied to the JVM that started it, across {@code kill -9}.
 *
 * <ul>
 *   <li>{@link #lockFolder}: an exclusive lock on a file beside the data folder ({@code
 *       <folder>.lock}), held while the JVM uses the folder. The kernel drops it when the JVM dies,
 *       so a lock that can be taken means that no live JVM uses the folder and any server still
 *       running there is an orphan.
 *   <li>{@link #stopOrphan}: reads the folder's {@code postmaster.pid}; a live postgres process
 *       there (pid alive and a {@code postgres} binary) is stopped (SIGINT: fast shutdown, then
 *       SIGQUIT, then SIGKILL, each after a grace period); a pid file whose process is gone or is
 *       not postgres is removed (a reused pid would make postgres refuse to start).
 *   <li>{@link #watch}: a small {@code sh} process whose stdin is a pipe from this JVM. It blocks
 *       reading it; when the JVM dies the kernel closes the pipe, the read returns, and it sends
 *       the postmaster SIGINT if the folder's pid file still names that postmaster. The JVM never
 *       writes to the pipe; {@link Watchdog#close()} ends the watchdog without firing it.
 * </ul>
 *
 * Watchdog processes are kept in a static set until closed, so that their pipes stay open however
 * the caller holds its {@code EmbeddedDatabase}. Thread-safe.
 */
public final class EmbeddedServerGuard {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServerGuard.class);

  /**
   * The lock file, beside the data folder ({@code <folder>.lock}): initdb wants an empty folder,
   * and the lock must be held before anything is read from or started in it.
   */
  static Path lockFileOf(Path dataDirectory) {
    return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
  }

  static final Duration FAST_SHUTDOWN_GRACE = Duration.ofSeconds(15);
  static final Duration IMMEDIATE_SHUTDOWN_GRACE = Duration.ofSeconds(5);
  static final Duration KILL_GRACE = Duration.ofSeconds(5);

  /**
   * Fires when its stdin reaches end of file: the JVM holding the other end is gone. Ignores INT
   * and HUP, so a Ctrl-C of the terminal's process group leaves it to do its job.
   */
  static final String WATCHDOG_SCRIPT =
      """
      trap '' INT HUP
      read -r _ || :
      pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null)
      if [ "$pid" = "$2" ]; then kill -INT "$2" 2>/dev/null; fi
      """;

  private static final Set<Process> WATCHDOGS = ConcurrentHashMap.newKeySet();

  private EmbeddedServerGuard() {}

  /**
   * Takes the folder's lock, or throws {@link StorageException} when another process (or this JVM)
   * already uses the folder.
   */
  public static FolderLock lockFolder(Path dataDirectory) {
    Path file = lockFileOf(dataDirectory);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDirectory, null);
      }
      return new FolderLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(dataDirectory, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException(
          "could not lock the embedded PostgreSQL data folder " + dataDirectory + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static StorageException inUse(Path dataDirectory, Throwable cause) {
    return new StorageException(
        "the embedded PostgreSQL data folder "
            + dataDirectory
            + " is in use by another running process (or another EmbeddedDatabase of this one);"
            + " stop it, or give this one a folder of its own",
        cause);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to add to the failure being reported
      }
    }
  }

  /**
   * Stops the server a dead JVM left running on {@code dataDirectory}, if any; call it holding the
   * folder's lock. Blocks until that server is gone (at most about 25 s).
   *
   * @return the pid of the orphan that was stopped, if there was one
   * @throws StorageException if the orphan would not stop
   */
  public static OptionalLong stopOrphan(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    OptionalLong pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return OptionalLong.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong());
    if (process.isEmpty() || !runs(process.get()) || !isPostgres(process.get())) {
      // The process is gone, or its pid now belongs to something else: postgres would take the
      // latter for a running server and refuse to start, so the stale file goes.
      LOG.info("removing the stale {} (pid {} is not a running postgres)", pidFile, pid);
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        throw new StorageException("could not remove the stale " + pidFile + ": " + e, e);
      }
      return OptionalLong.empty();
    }
    ProcessHandle postmaster = process.get();
    LOG.warn(
        "an embedded PostgreSQL left running by a process that died (pid {}) still serves {};"
            + " stopping it",
        postmaster.pid(),
        dataDirectory);
    if (signal("INT", postmaster) && awaitExit(postmaster, FAST_SHUTDOWN_GRACE)) {
      return pid;
    }
    LOG.warn(
        "the orphaned PostgreSQL {} ignored a fast shutdown; shutting it down immediately", pid);
    if (signal("QUIT", postmaster) && awaitExit(postmaster, IMMEDIATE_SHUTDOWN_GRACE)) {
      return pid;
    }
    postmaster.destroyForcibly();
    if (awaitExit(postmaster, KILL_GRACE)) {
      return pid;
    }
    throw new StorageException(
        "could not stop the orphaned embedded PostgreSQL (pid "
            + postmaster.pid()
            + ") that still serves "
            + dataDirectory
            + "; stop it by hand");
  }

  static OptionalLong readPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      // A half-written file: the server died while starting. Nothing runs that it could name.
      LOG.debug("unreadable {}: {}", pidFile, e.toString());
      return OptionalLong.empty();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    Optional<String> command = process.info().command();
    // Without permission to see the command, trust the pid file: it was written by a postgres.
    return command
        .map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
        .orElse(true);
  }

  /** Sends a signal with the {@code kill} command; SIGTERM through the JDK when that fails. */
  private static boolean signal(String name, ProcessHandle process) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
        return true;
      }
      kill.destroyForcibly();
    } catch (IOException e) {
      LOG.debug("no kill command ({}); sending SIGTERM instead of SIG{}", e.toString(), name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while stopping the orphaned PostgreSQL", e);
    }
    return process.destroy() || !runs(process);
  }

  /**
   * Whether {@code process} still runs. A process that has exited but is not yet reaped (a zombie:
   * an orphan's new parent may take a second to reap it) counts as gone; {@link
   * ProcessHandle#isAlive()} counts it as alive.
   */
  public static boolean runs(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no /proc (not Linux), or it vanished meanwhile
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (runs(process)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(20); // a process that is not our child cannot be waited for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted while stopping the orphaned PostgreSQL", e);
      }
    }
    return true;
  }

  /**
   * Starts a watchdog that stops the postmaster named by {@code dataDirectory}'s pid file when this
   * JVM dies. Returns a no-op watchdog (and logs why) where {@code sh} cannot be started.
   */
  public static Watchdog watch(Path dataDirectory) {
    OptionalLong pid = readPid(dataDirectory.resolve("postmaster.pid"));
    if (pid.isEmpty()) {
      LOG.warn("no postmaster.pid in {}: the embedded PostgreSQL runs unwatched", dataDirectory);
      return new Watchdog(null);
    }
    try {
      Process p =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  WATCHDOG_SCRIPT,
                  "cruster-embedded-watchdog",
                  dataDirectory.toString(),
                  Long.toString(pid.getAsLong()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      WATCHDOGS.add(p);
      return new Watchdog(p);
    } catch (IOException e) {
      LOG.warn(
          "could not start the watchdog of the embedded PostgreSQL in {} ({}): if this JVM is killed,"
              + " the next start stops the server instead",
          dataDirectory,
          e.toString());
      return new Watchdog(null);
    }
  }

  /** The lock on a data folder; {@link #close()} releases it. */
  public static final class FolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }

  /** A started watchdog; {@link #close()} ends it without stopping the server. */
  public static final class Watchdog implements AutoCloseable {
    private final Process process;

    private Watchdog(Process process) {
      this.process = process;
    }

    /** The watchdog's process, if one runs. */
    public Optional<ProcessHandle> process() {
      return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** Closes this JVM's end of the pipe, as the JVM's death would: the watchdog fires. */
    void closePipe() throws IOException {
      process.getOutputStream().close();
    }

    @Override
    public void close() {
      if (process != null) {
        // SIGKILL: the script ignores nothing it could do harm with, and a killed shell sends no
        // signal; only an end of file on its stdin makes it act.
        process.destroyForcibly();
        WATCHDOGS.remove(process);
        try {
          process.waitFor(5, TimeUnit.SECONDS);
          process.getOutputStream().close(); // now that nothing reads it
        } catch (IOException ignored) {
          // the pipe of a dead process: nothing to do
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
