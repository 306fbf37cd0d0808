package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoragesTest {
  private static final EntityAddress ADDRESS = new EntityAddress("Counter", "counter-1");

  @Test
  void everyInMemoryStorageIsFreshAndIndependent() {
    try (Storage first = Storages.inMemory();
        Storage second = Storages.inMemory(Clock.systemUTC())) {
      assertNotSame(first, second);
      assertTrue(first.deferreds().resolve(ADDRESS, "approval", new byte[] {1}));

      assertEquals(Optional.empty(), second.deferreds().get(ADDRESS, "approval"));
    }
  }

  @Test
  void inMemoryRejectsANullClock() {
    assertThrows(NullPointerException.class, () -> Storages.inMemory(null));
  }

  @Test
  void postgresAtAnUnreachableUrlFailsRetryablyNamingTheUrlWithoutItsPassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/cruster?user=app&password=secret";
    PostgresOptions options = PostgresOptions.defaults().withConnectTimeout(Duration.ofMillis(500));

    StorageException e =
        assertThrows(StorageException.class, () -> Storages.postgres(url, options));

    assertTrue(
        e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/cruster?user=app&password=***"),
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void postgresRefusesAUrlOfAnotherDatabase() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Storages.postgres("jdbc:mysql://localhost/db"));

    assertTrue(e.getMessage().contains("jdbc:mysql://localhost/db"), e.getMessage());
  }
}
