package io.cruster.sharding.internal;

import io.cruster.actors.Scheduler;
import io.cruster.actors.internal.Backoff;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node keeps its data, as its builder was told: a data source, a JDBC URL, or a storage
 * given ready-made. {@link #open} connects, retrying an unreachable database with backoff (0.5 s
 * doubling to 10 s, with jitter) on the given scheduler's clock. Immutable.
 *
 * @param open opens the storage (may throw a retryable {@link StorageException})
 * @param ownedByNode whether the node closes the storage when it closes (not a given one)
 * @param description the database for messages, any password masked
 */
public record StorageSource(Supplier<Storage> open, boolean ownedByNode, String description) {
  private static final Logger LOG = LoggerFactory.getLogger(StorageSource.class);

  /** The database of {@code dataSource}, through it (migrations are applied; it is not closed). */
  public static StorageSource dataSource(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new StorageSource(
        () -> Storages.postgres(dataSource), true, "the database of " + dataSource);
  }

  /** The PostgreSQL database at {@code jdbcUrl}, through a pool of the node's own. */
  public static StorageSource jdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    return new StorageSource(
        () -> Storages.postgres(jdbcUrl),
        true,
        jdbcUrl.replaceAll("password=[^&]*", "password=***"));
  }

  /** A storage opened by the caller, who closes it. */
  public static StorageSource given(Storage storage) {
    Objects.requireNonNull(storage, "storage");
    return new StorageSource(() -> storage, false, "the given storage");
  }

  /**
   * Opens the storage, trying again while it fails with a retryable {@link StorageException}.
   * Blocks up to {@code timeout}.
   *
   * @throws StorageException naming the database when it could not be opened in time
   */
  public Storage open(Duration timeout, Scheduler scheduler) {
    return Retry.until(
        scheduler,
        timeout,
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)),
        open,
        e -> e instanceof StorageException se && se.isRetryable(),
        (e, wait) ->
            LOG.warn(
                "cannot reach {} yet ({}); trying again in {}", description, e.getMessage(), wait),
        e ->
            !(e instanceof StorageException)
                ? e
                : new StorageException(
                    "could not open storage in "
                        + description
                        + " within "
                        + timeout
                        + ": "
                        + e.getMessage(),
                    e));
  }
}
