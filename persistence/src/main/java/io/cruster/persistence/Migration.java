package io.cruster.persistence;

import java.util.Objects;

/**
 * One versioned SQL script of Cruster's own tables, as packaged in cruster-persistence under {@code
 * cruster/migrations/}. Immutable and thread-safe.
 *
 * @param version the version, from 1; scripts apply in version order
 * @param name what the script does, from its file name (such as {@code init})
 * @param fileName the script's file name, {@code V<version>__<name>.sql} (such as {@code
 *     V0001__init.sql})
 * @param sql the script itself
 * @param checksum {@code sha256:} and the hex SHA-256 of the script with line ends normalized to
 *     {@code \n}; recorded when applied, so a script changed afterwards is detected
 */
public record Migration(int version, String name, String fileName, String sql, String checksum) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null
   * @throws IllegalArgumentException when {@code version} is below 1
   */
  public Migration {
    if (version < 1) {
      throw new IllegalArgumentException("Migration.version must be >= 1, was " + version);
    }
    Objects.requireNonNull(name, "Migration.name must not be null");
    Objects.requireNonNull(fileName, "Migration.fileName must not be null");
    Objects.requireNonNull(sql, "Migration.sql must not be null");
    Objects.requireNonNull(checksum, "Migration.checksum must not be null");
  }

  @Override
  public String toString() {
    return "Migration[" + fileName + ", " + checksum + "]";
  }
}
