package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one {@link ExecutionQuery}, newest first, keyset-paged, shaped so that an index gives
 * the order and bounds the rows read:
 *
 * <ul>
 *   <li>with an entity id: one range of cruster_executions_entity (entity_id, started_at,
 *       execution_id), scanned backward; the other filters apply to its few rows;
 *   <li>otherwise, per status asked for (a LATERAL over the statuses, all six when none is given):
 *       a backward range of cruster_executions_tag (tag, status, ...) when a tag is given, else of
 *       cruster_executions_type (entity_type, status, ...) when an entity type is given, else of
 *       cruster_executions_by_status (status, ...), at most {@code limit} rows each; then the top
 *       {@code limit} of those merged. So the cost is bounded by statuses x limit index entries,
 *       whatever the number of executions (an entity type given with a tag is a filter, which a
 *       tag's rows almost always pass).
 * </ul>
 *
 * Immutable once built; {@link #bind} sets the parameters in the order the SQL names them.
 */
final class ExecutionListing {
  private final String sql;
  private final List<Object> parameters;

  private ExecutionListing(String sql, List<Object> parameters) {
    this.sql = sql;
    this.parameters = parameters;
  }

  static ExecutionListing of(ExecutionQuery q) {
    List<Object> p = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    String alias = q.entityId().isPresent() ? "" : "x.";
    q.entityId()
        .ifPresent(
            id -> {
              where.append(" AND entity_id = ?");
              p.add(id);
            });
    q.entityType()
        .ifPresent(
            type -> {
              where.append(" AND ").append(alias).append("entity_type = ?");
              p.add(type);
            });
    q.tag()
        .ifPresent(
            tag -> {
              where.append(" AND ").append(alias).append("tag = ?");
              p.add(tag);
            });
    q.startedAfter()
        .ifPresent(
            t -> {
              where.append(" AND ").append(alias).append("started_at > ?");
              p.add(t);
            });
    q.startedBefore()
        .ifPresent(
            t -> {
              where.append(" AND ").append(alias).append("started_at < ?");
              p.add(t);
            });
    q.after()
        .ifPresent(
            position -> {
              where
                  .append(" AND (")
                  .append(alias)
                  .append("started_at, ")
                  .append(alias)
                  .append("execution_id) < (?, ?)");
              p.add(position.startedAt());
              p.add(position.executionId());
            });
    if (q.entityId().isPresent()) {
      String statuses = "";
      List<Object> all = new ArrayList<>(p);
      if (!q.statuses().isEmpty()) {
        statuses = " AND status = ANY(?::text[])";
        all.add(names(q));
      }
      all.add(q.limit());
      return new ExecutionListing(
          "SELECT "
              + PgExecutions.COLUMNS
              + " FROM cruster_executions WHERE true"
              + where
              + statuses
              + " ORDER BY started_at DESC, execution_id DESC LIMIT ?",
          all);
    }
    List<Object> all = new ArrayList<>();
    all.add(names(q));
    all.addAll(p);
    all.add(q.limit());
    all.add(q.limit());
    return new ExecutionListing(
        "SELECT e.* FROM unnest(?::text[]) AS s(status) CROSS JOIN LATERAL (SELECT "
            + prefixed(PgExecutions.COLUMNS)
            + " FROM cruster_executions x WHERE x.status = s.status"
            + where
            + " ORDER BY x.started_at DESC, x.execution_id DESC LIMIT ?) e"
            + " ORDER BY e.started_at DESC, e.execution_id DESC LIMIT ?",
        all);
  }

  private static String[] names(ExecutionQuery q) {
    return q.statusesOrAll().stream().map(ExecutionStatus::name).sorted().toArray(String[]::new);
  }

  private static String prefixed(String columns) {
    return "x." + columns.replace(", ", ", x.");
  }

  String sql() {
    return sql;
  }

  /** The parameters in order (for EXPLAIN in tests). */
  List<Object> parameters() {
    return parameters;
  }

  void bind(Connection c, PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object value = parameters.get(i);
      switch (value) {
        case String s -> statement.setString(i + 1, s);
        case Integer n -> statement.setInt(i + 1, n);
        case Instant t -> Rows.setInstant(statement, i + 1, t);
        case String[] texts -> statement.setArray(i + 1, c.createArrayOf("text", texts));
        default -> throw new IllegalStateException("unexpected parameter " + value);
      }
    }
  }
}
