package io.cruster.samples.durability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh database and a launcher of application JVMs per test; leftover processes are killed after it. */
abstract class CrashTest {
  FreshDatabase db;
  Apps apps;

  @BeforeEach
  final void createDatabase() {
    db = FreshDatabase.create();
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
}
