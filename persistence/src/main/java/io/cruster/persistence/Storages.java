package io.cruster.persistence;

import io.cruster.persistence.internal.InMemoryStorage;
import io.cruster.persistence.internal.postgres.Pool;
import io.cruster.persistence.internal.postgres.PostgresStorage;
import io.cruster.persistence.spi.Storage;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Factories of {@link Storage} implementations. Thread-safe; each call returns a new, independent
 * one.
 */
public final class Storages {

  private Storages() {}

  /**
   * A fresh, empty storage held in this JVM's memory, using the system UTC clock. Nothing survives
   * the JVM; meant for tests and the test cluster. The storage is thread-safe; its writes are
   * durable as soon as they return (for as long as the JVM lives). Never blocks.
   */
  public static Storage inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /**
   * A fresh, empty in-memory storage that reads {@code clock} whenever it needs the current time
   * (callers pass most times explicitly). Never blocks.
   */
  public static Storage inMemory(Clock clock) {
    return new InMemoryStorage(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * A storage on the PostgreSQL database of {@code dataSource} with {@link
   * PostgresOptions#defaults()}: applies the {@link Migrations} first. The DataSource stays the
   * caller's: closing the storage does not close it. See {@link #postgres(DataSource,
   * PostgresOptions)}.
   */
  public static Storage postgres(DataSource dataSource) {
    return postgres(dataSource, PostgresOptions.defaults());
  }

  /**
   * A storage on the PostgreSQL database of {@code dataSource}. Blocks while it applies the
   * migrations (unless {@code options.runMigrations()} is off). The storage is thread-safe; its
   * writes are durable when they return, and concurrent commits and saves share transactions (group
   * commit). Tables live in the connection's current schema. Times are stored to the microsecond.
   *
   * @throws StorageException when the migrations fail (retryable when the database could not be
   *     reached)
   */
  public static Storage postgres(DataSource dataSource, PostgresOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return PostgresStorage.start(dataSource, options, Optional.empty());
  }

  /**
   * A storage on the PostgreSQL database at {@code jdbcUrl} (such as {@code
   * jdbc:postgresql://127.0.0.1:5432/cruster?user=app&password=secret}) with {@link
   * PostgresOptions#defaults()}. See {@link #postgres(String, PostgresOptions)}.
   */
  public static Storage postgres(String jdbcUrl) {
    return postgres(jdbcUrl, PostgresOptions.defaults());
  }

  /**
   * A storage on the PostgreSQL database at {@code jdbcUrl}, through a connection pool of its own
   * (at most {@code options.poolSize()} connections), closed with the storage. Blocks while it
   * connects and applies the migrations (unless {@code options.runMigrations()} is off).
   *
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL
   * @throws StorageException when the database cannot be reached within {@code
   *     options.connectTimeout()} (retryable; the message names the URL, password masked) or the
   *     migrations fail
   */
  public static Storage postgres(String jdbcUrl, PostgresOptions options) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(options, "options");
    var pool = Pool.open(jdbcUrl, options);
    return PostgresStorage.start(pool, options, Optional.of(pool));
  }
}
