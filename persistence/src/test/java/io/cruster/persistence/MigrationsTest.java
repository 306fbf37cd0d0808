package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  /** The repository's migrations/ folder; tests run in the module folder. */
  private static final Path FOLDER = Path.of("..", "migrations");

  @Test
  void thePackagedScriptsAreThoseOfTheMigrationsFolderInVersionOrder() throws IOException {
    List<String> inFolder;
    try (Stream<Path> files = Files.list(FOLDER)) {
      inFolder =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .sorted()
              .toList();
    }

    List<Migration> packaged = Migrations.sql();

    assertEquals(inFolder, packaged.stream().map(Migration::fileName).toList());
    assertEquals(1, packaged.get(0).version());
    for (int i = 1; i < packaged.size(); i++) {
      // Numbers are reserved per piece of work, so there may be gaps; they only increase.
      assertTrue(
          packaged.get(i).version() > packaged.get(i - 1).version(), packaged.get(i).fileName());
    }
  }

  @Test
  void eachScriptCarriesItsTextAndASha256Checksum() throws IOException {
    Migration init = Migrations.sql().get(0);

    assertEquals(1, init.version());
    assertEquals("init", init.name());
    assertEquals(
        Files.readString(FOLDER.resolve("V0001__init.sql"), StandardCharsets.UTF_8), init.sql());
    assertTrue(init.checksum().matches("sha256:[0-9a-f]{64}"), init.checksum());
    assertTrue(init.sql().contains("CREATE TABLE IF NOT EXISTS cruster_requests"));
  }

  @Test
  void everyTableOfTheScriptsIsACrusterTable() {
    for (Migration migration : Migrations.sql()) {
      for (String line : migration.sql().split("\n")) {
        if (line.startsWith("CREATE TABLE")) {
          assertTrue(
              line.startsWith("CREATE TABLE IF NOT EXISTS cruster_"),
              migration.fileName() + ": " + line);
        }
      }
    }
  }

  @Test
  void theAdvisoryLockKeyIsCrusterInAscii() {
    assertEquals(0x6372757374657200L, Migrations.ADVISORY_LOCK_KEY);
    assertEquals(7165919095834374656L, Migrations.ADVISORY_LOCK_KEY);
  }

  @Test
  void applyRefusesANonPositiveLockTimeout() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Migrations.apply(new org.postgresql.ds.PGSimpleDataSource(), java.time.Duration.ZERO));
  }
}
