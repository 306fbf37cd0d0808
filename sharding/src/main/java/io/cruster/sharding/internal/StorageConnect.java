package io.cruster.sharding.internal;

import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a node's storage at start-up, retrying an unreachable database with backoff (0.5 s doubling to 10 s). */
public final class StorageConnect {
  private static final Logger LOG = LoggerFactory.getLogger(StorageConnect.class);

  private StorageConnect() {}

  /**
   * Opens the storage, trying again while it fails with a retryable {@link StorageException}. Blocks up to
   * {@code timeout}.
   *
   * @param description the database for messages, with any password masked
   * @throws StorageException naming {@code description} when it could not be opened in time
   */
  public static Storage open(Supplier<Storage> open, String description, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Duration backoff = Duration.ofMillis(500);
    while (true) {
      try {
        return open.get();
      } catch (StorageException e) {
        if (!e.isRetryable() || Instant.now().plus(backoff).isAfter(deadline)) {
          throw new StorageException("could not open storage in " + description + " within " + timeout + ": "
              + e.getMessage(), e);
        }
        LOG.warn("cannot reach {} yet ({}); trying again in {}", description, e.getMessage(), backoff);
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted while connecting to " + description, ie);
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
      }
    }
  }

  /** {@code jdbcUrl} with its password, if any, replaced by {@code ***}. */
  public static String masked(String jdbcUrl) {
    return jdbcUrl.replaceAll("password=[^&]*", "password=***");
  }
}
