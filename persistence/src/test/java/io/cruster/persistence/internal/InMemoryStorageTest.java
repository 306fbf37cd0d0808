package io.cruster.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.StorageContractTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest extends StorageContractTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Override
  protected Storage newStorage() {
    return new InMemoryStorage(CLOCK);
  }

  @Test
  void keepsTheClockItWasCreatedWith() {
    try (InMemoryStorage storage = new InMemoryStorage(CLOCK)) {
      assertSame(CLOCK, storage.clock());
    }
  }
}
