package io.cruster.samples.cluster;

import io.cruster.actors.EntityAddress;
import io.cruster.sharding.spi.Instrumentation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every activation of an entity on this process as a span in table {@code spans}: inserted
 * when the entity is activated, closed when it leaves memory. Written synchronously, so a span of a
 * process killed with {@code kill -9} is in the table with no end. The tests check that no two
 * spans of one address on different processes overlap.
 */
final class Spans implements Instrumentation {
  private static final Logger LOG = LoggerFactory.getLogger(Spans.class);
  private final DataSource db;
  private final String runner;
  private final Map<EntityAddress, Long> open = new ConcurrentHashMap<>();

  Spans(DataSource db, String runner) {
    this.db = db;
    this.runner = runner;
  }

  @Override
  public void entityActivated(String entityType, String entityId) {
    EntityAddress address = new EntityAddress(entityType, entityId);
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO spans (address, runner, started_at) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, address.toString());
      s.setString(2, runner);
      s.setTimestamp(3, Timestamp.from(Instant.now()));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        open.put(address, keys.getLong(1));
      }
    } catch (SQLException e) {
      LOG.error("could not record the activation of {}", address, e);
    }
  }

  @Override
  public void entityPassivated(String entityType, String entityId) {
    EntityAddress address = new EntityAddress(entityType, entityId);
    Long id = open.remove(address);
    if (id == null) {
      return;
    }
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE spans SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
      s.setTimestamp(1, Timestamp.from(Instant.now()));
      s.setLong(2, id);
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.error("could not record the passivation of {}", address, e);
    }
  }
}
