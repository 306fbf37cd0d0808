package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.DeferredStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DeferredStore} on cruster_deferreds: a resolved slot is a row, an empty one has none.
 * Resolve is an insert that does nothing on conflict, so of concurrent resolves exactly one inserts
 * (the others wait for it, then see its row). Thread-safe.
 */
final class PgDeferreds implements DeferredStore {
  private static final String GET =
      "SELECT value FROM cruster_deferreds WHERE entity_type = ? AND entity_id = ? AND name = ?";
  private static final String RESOLVE =
      "INSERT INTO cruster_deferreds (entity_type, entity_id, name, value) "
          + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String CLEAR =
      "DELETE FROM cruster_deferreds WHERE entity_type = ? AND entity_id = ? AND name = ?";

  private final Db db;

  PgDeferreds(Db db) {
    this.db = db;
  }

  @Override
  public Optional<byte[]> get(EntityAddress address, String name) {
    requireSlot(address, name);
    return db.call(
        "read of cruster_deferreds slot",
        new Slot(address, name),
        c -> {
          try (PreparedStatement select = c.prepareStatement(GET)) {
            setSlot(select, address, name);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean resolve(EntityAddress address, String name, byte[] value) {
    requireSlot(address, name);
    Objects.requireNonNull(value, "value");
    return db.call(
        "resolve in cruster_deferreds of slot",
        new Slot(address, name),
        c -> {
          try (PreparedStatement insert = c.prepareStatement(RESOLVE)) {
            setSlot(insert, address, name);
            insert.setBytes(4, value);
            return insert.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void clear(EntityAddress address, String name) {
    requireSlot(address, name);
    db.call(
        "clear in cruster_deferreds of slot",
        new Slot(address, name),
        c -> {
          try (PreparedStatement delete = c.prepareStatement(CLEAR)) {
            setSlot(delete, address, name);
            return delete.executeUpdate();
          }
        });
  }

  private static void requireSlot(EntityAddress address, String name) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "deferred name must not be blank (entity " + address + ")");
    }
  }

  private static void setSlot(PreparedStatement statement, EntityAddress address, String name)
      throws SQLException {
    statement.setString(1, address.entityType());
    statement.setString(2, address.entityId());
    statement.setString(3, name);
  }

  /** A slot, for messages: {@code Counter/counter-1 'approval'}. */
  private record Slot(EntityAddress address, String name) {
    @Override
    public String toString() {
      return address + " '" + name + "'";
    }
  }
}
