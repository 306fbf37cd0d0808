package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.StateStore;
import io.cruster.persistence.spi.StoredState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StateStore} on cruster_entity_state and cruster_trait_state, read together in one
 * statement (one snapshot, so never the state of one commit with the traits of another). Written
 * only by {@link CommitWriter}. Thread-safe.
 */
final class PgStates implements StateStore {
  static final String LOAD =
      "SELECT s.state, s.version, t.trait_name, t.state AS trait_state "
          + "FROM cruster_entity_state s LEFT JOIN cruster_trait_state t "
          + "ON t.entity_type = s.entity_type AND t.entity_id = s.entity_id "
          + "WHERE s.entity_type = ? AND s.entity_id = ?";

  private final Db db;

  PgStates(Db db) {
    this.db = db;
  }

  @Override
  public Optional<StoredState> load(EntityAddress address) {
    Objects.requireNonNull(address, "address");
    return db.call(
        "load from cruster_entity_state of",
        address,
        c -> {
          try (PreparedStatement select = c.prepareStatement(LOAD)) {
            select.setString(1, address.entityType());
            select.setString(2, address.entityId());
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              byte[] state = rows.getBytes(1);
              long version = rows.getLong(2);
              Map<String, byte[]> traits = new HashMap<>();
              do {
                String trait = rows.getString(3);
                if (trait != null) {
                  traits.put(trait, rows.getBytes(4));
                }
              } while (rows.next());
              return Optional.of(new StoredState(state, traits, version));
            }
          }
        });
  }
}
