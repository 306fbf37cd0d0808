package io.cruster.samples.durability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import io.cruster.sharding.SingleRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runner whose database cannot be reached keeps trying for its startup timeout, then fails saying
 * where.
 */
@Tag("multi-process")
class StartupFailureIT {

  @Test
  @Timeout(60)
  void runnerThatCannotReachItsDatabaseRetriesThenFailsNamingTheUrlWithoutItsPassword()
      throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/orders?user=app&password=s3cret";

    long start = System.nanoTime();
    StorageException e =
        assertThrows(
            StorageException.class,
            () ->
                SingleRunner.builder()
                    .jdbcUrl(url)
                    .startupTimeout(Duration.ofSeconds(3))
                    .build()
                    .close());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    String message = e.getMessage();
    assertTrue(
        message.contains("jdbc:postgresql://127.0.0.1:" + port + "/orders?user=app&password=***"),
        "names the URL, password masked: " + message);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("s3cret"), "no password in " + t);
    }
    assertTrue(
        took.compareTo(Duration.ofSeconds(1)) >= 0,
        "retried for a while before giving up, took " + took);
    assertTrue(
        took.compareTo(Duration.ofSeconds(10)) <= 0,
        "gave up about when the 3 s startup timeout said (a last backoff and a connection attempt may add a little),"
            + " took "
            + took
            + ": "
            + message);
  }
}
