package io.cruster.samples.durability;

import io.cruster.testkit.FreshDatabase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh database and a launcher of application JVMs per test; leftover processes are killed after
 * it.
 */
abstract class CrashTest {
  FreshDatabase db;
  Apps apps;

  @BeforeEach
  final void createDatabase() {
    db = FreshDatabase.create("durability");
    apps = new Apps(db);
  }

  @AfterEach
  final void killLeftoversAndDropDatabase() {
    try {
      if (apps != null) {
        apps.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  /** How many rows each step of job {@code entityId} left in side_effects, by step. */
  Map<Integer, Long> stepCounts(String entityId) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (List<Object> row :
        db.query(
            "SELECT step, count(*) FROM side_effects WHERE entity_id = ? GROUP BY step",
            entityId)) {
      counts.put(((Number) row.get(0)).intValue(), ((Number) row.get(1)).longValue());
    }
    return counts;
  }

  /**
   * The rows of side_effects for job {@code entityId}, in the order they committed, as text for
   * messages.
   */
  String sideEffects(String entityId) {
    StringBuilder text = new StringBuilder();
    for (List<Object> row :
        db.query(
            "SELECT step, execution_id, at FROM side_effects WHERE entity_id = ? ORDER BY at, step",
            entityId)) {
      text.append("\n  ").append(row);
    }
    return text.isEmpty() ? " (none)" : text.toString();
  }
}
