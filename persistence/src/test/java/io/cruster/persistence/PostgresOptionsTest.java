package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresOptionsTest {

  @Test
  void defaultsRunMigrationsWithEightConnections() {
    PostgresOptions defaults = PostgresOptions.defaults();

    assertTrue(defaults.runMigrations());
    assertEquals(8, defaults.poolSize());
    assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
    assertEquals(256, defaults.maxBatchSize());
  }

  @Test
  void withersAndTheBuilderChangeOneFieldEach() {
    PostgresOptions built =
        PostgresOptions.builder()
            .runMigrations(false)
            .poolSize(3)
            .connectTimeout(Duration.ofSeconds(2))
            .maxBatchSize(16)
            .build();

    assertEquals(new PostgresOptions(false, 3, Duration.ofSeconds(2), 16), built);
    assertFalse(PostgresOptions.defaults().withRunMigrations(false).runMigrations());
    assertEquals(5, PostgresOptions.defaults().withPoolSize(5).poolSize());
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    IllegalArgumentException pool =
        assertThrows(
            IllegalArgumentException.class, () -> PostgresOptions.defaults().withPoolSize(0));
    IllegalArgumentException batch =
        assertThrows(
            IllegalArgumentException.class, () -> PostgresOptions.defaults().withMaxBatchSize(0));
    IllegalArgumentException timeout =
        assertThrows(
            IllegalArgumentException.class,
            () -> PostgresOptions.defaults().withConnectTimeout(Duration.ofMillis(10)));

    assertTrue(pool.getMessage().contains("poolSize"), pool.getMessage());
    assertTrue(batch.getMessage().contains("maxBatchSize"), batch.getMessage());
    assertTrue(timeout.getMessage().contains("connectTimeout"), timeout.getMessage());
  }
}
