package io.cruster.persistence;

import io.cruster.persistence.internal.postgres.MigrationRunner;
import io.cruster.persistence.internal.postgres.MigrationScripts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The versioned SQL of Cruster's own PostgreSQL tables (all named {@code cruster_*}) and the runner
 * that applies it.
 *
 * <p>{@link Storages#postgres(DataSource)} calls {@link #apply(DataSource)} at start-up unless
 * {@link PostgresOptions#runMigrations()} is off. To run the migrations with your own tool instead
 * (Flyway, Liquibase, a DBA), start the storage with {@code
 * PostgresOptions.defaults().withRunMigrations(false)} and take the scripts from {@link #sql()} (or
 * from the jar's {@code cruster/migrations/} folder, or the repository's {@code migrations/}); the
 * scripts are plain PostgreSQL and re-runnable.
 *
 * <p>How {@link #apply(DataSource)} is safe when several nodes start at once: it takes the
 * session-level advisory lock {@link #ADVISORY_LOCK_KEY} ({@code SELECT
 * pg_advisory_lock(7165919095834374656)}), so one node migrates while the others wait, then find
 * nothing left to do. Each script runs in its own transaction together with its row in the version
 * table {@value #VERSION_TABLE} (version, name, checksum, time applied, duration). Tables land in
 * the connection's current schema (the first of its {@code search_path}).
 */
public final class Migrations {

  /**
   * The key of the PostgreSQL advisory lock held while migrating: the bytes of "cruster\0" read as
   * a big-endian long, {@code 0x6372757374657200}. Other applications must not use it.
   */
  public static final long ADVISORY_LOCK_KEY = 0x6372757374657200L;

  /** The table recording the applied migrations. */
  public static final String VERSION_TABLE = "cruster_schema_version";

  /**
   * How long {@link #apply(DataSource)} waits for another node's migration to finish: 10 minutes.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(10);

  private Migrations() {}

  /**
   * Every migration packaged with this version of Cruster, in version order. Never blocks on the
   * network (reads the jar); thread-safe.
   *
   * @throws StorageException when a packaged script is missing or unreadable (a broken jar)
   */
  public static List<Migration> sql() {
    return MigrationScripts.packaged();
  }

  /**
   * Applies, in version order, every packaged migration that the database has not recorded yet,
   * waiting at most {@link #DEFAULT_LOCK_TIMEOUT} for the advisory lock. Idempotent; safe to call
   * from several nodes at once. Blocks until done; thread-safe.
   *
   * @return the migrations this call applied (empty when the database was up to date)
   * @throws StorageException when the database cannot be reached (retryable), a script fails (the
   *     failing script is rolled back, the ones before it stay applied), or a recorded migration's
   *     checksum differs from the packaged script's (not retryable: a script was changed after it
   *     was applied)
   */
  public static List<Migration> apply(DataSource dataSource) {
    return apply(dataSource, DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * Like {@link #apply(DataSource)}, waiting at most {@code lockTimeout} for another node's
   * migration.
   *
   * @throws IllegalArgumentException when {@code lockTimeout} is not positive
   */
  public static List<Migration> apply(DataSource dataSource, Duration lockTimeout) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    if (lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("lockTimeout must be positive, was " + lockTimeout);
    }
    return new MigrationRunner(dataSource, ADVISORY_LOCK_KEY, VERSION_TABLE, lockTimeout)
        .apply(sql());
  }
}
