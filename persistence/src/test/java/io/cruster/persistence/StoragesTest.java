package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.EntityAddress;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoragesTest {
  private static final EntityAddress ADDRESS = new EntityAddress("Counter", "counter-1");

  @Test
  void everyInMemoryStorageIsFreshAndIndependent() {
    try (Storage first = Storages.inMemory(); Storage second = Storages.inMemory(Clock.systemUTC())) {
      assertNotSame(first, second);
      assertTrue(first.deferreds().resolve(ADDRESS, "approval", new byte[] {1}));

      assertEquals(Optional.empty(), second.deferreds().get(ADDRESS, "approval"));
    }
  }

  @Test
  void inMemoryRejectsANullClock() {
    assertThrows(NullPointerException.class, () -> Storages.inMemory(null));
  }
}
