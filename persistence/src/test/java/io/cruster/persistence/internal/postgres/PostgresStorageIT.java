package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.Storages;
import io.cruster.persistence.TestDatabase;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.StorageContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL storage passes the storage contract; each test starts from empty tables. */
class PostgresStorageIT extends StorageContractTest {
  private static TestDatabase database;

  @BeforeAll
  static void createSchema() {
    database = TestDatabase.create("contract");
  }

  @AfterAll
  static void dropSchema() {
    database.close();
  }

  @Override
  protected Storage newStorage() {
    Storage storage = Storages.postgres(database.dataSource());
    database.truncate();
    return storage;
  }
}
