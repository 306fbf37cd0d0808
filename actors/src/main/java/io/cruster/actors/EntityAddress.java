package io.cruster.actors;

/**
 * The address of one entity in the cluster: its type and its id. Immutable and thread-safe; two
 * addresses are equal when both parts are equal.
 *
 * @param entityType the name of the entity type, such as {@code Counter}; not blank
 * @param entityId the id of the entity within its type, such as {@code counter-1}; not blank
 */
public record EntityAddress(String entityType, String entityId) {

  /**
   * Checks both parts. Never blocks.
   *
   * @throws IllegalArgumentException when a part is null or blank; the message names it
   */
  public EntityAddress {
    requireNonBlank(entityType, "entityType");
    requireNonBlank(entityId, "entityId");
  }

  /** {@code entityType + "/" + entityId}, such as {@code Counter/counter-1}. */
  @Override
  public String toString() {
    return entityType + "/" + entityId;
  }

  static void requireNonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          field + " must not be null or blank, was " + quoted(value));
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
