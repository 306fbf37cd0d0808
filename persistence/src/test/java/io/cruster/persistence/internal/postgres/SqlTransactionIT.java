package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.TestDatabase;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.SqlTransaction;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.StoredState;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An activity's own SQL commits with the activity's writes, or not at all. */
class SqlTransactionIT {
  private static final EntityAddress ACCOUNT = new EntityAddress("Account", "a-1");
  private static TestDatabase database;
  private Storage storage;

  @BeforeAll
  static void createSchema() {
    database = TestDatabase.create("sql_transaction");
  }

  @AfterAll
  static void dropSchema() {
    database.close();
  }

  @BeforeEach
  void openStorage() {
    storage = Storages.postgres(database.dataSource());
    database.truncate();
    database.execute("DROP TABLE IF EXISTS ledger", "CREATE TABLE ledger (entry text)");
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  private static Commit state(long version) {
    return Commit.builder()
        .state(
            new StateWrite(ACCOUNT, StoredState.of("v".getBytes(StandardCharsets.UTF_8), version)))
        .build();
  }

  private static void insertLedger(SqlTransaction tx, String entry) throws SQLException {
    try (Statement statement = tx.connection().createStatement()) {
      statement.execute("INSERT INTO ledger VALUES ('" + entry + "')");
    }
  }

  private long ledgerRows() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM ledger")) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void staleFenceRollsBackTheUsersSqlEvenWithNothingElseToWrite() throws SQLException {
    ShardId shard = new ShardId("default", 9);
    FencingToken old = storage.fenceShards(List.of(shard)).get(0);
    storage.fenceShards(List.of(shard)); // another runner took the shard

    SqlTransaction tx = storage.beginSql().orElseThrow();
    insertLedger(tx, "late");
    FencedException e =
        assertThrows(FencedException.class, () -> tx.commit(Commit.builder().fence(old).build()));

    assertTrue(e.isRetryable());
    assertTrue(e.getMessage().contains("rolled back too"), e.getMessage());
    assertEquals(0, ledgerRows());
  }

  @Test
  void currentFenceLetsTheUsersSqlAndTheCommitApply() throws SQLException {
    FencingToken token = storage.fenceShards(List.of(new ShardId("default", 9))).get(0);
    SqlTransaction tx = storage.beginSql().orElseThrow();
    insertLedger(tx, "on time");
    tx.commit(Commit.builder().fence(token).build());
    assertEquals(1, ledgerRows());
  }

  @Test
  void theUsersSqlAndTheCommitApplyTogether() throws SQLException {
    try (SqlTransaction tx = storage.beginSql().orElseThrow()) {
      insertLedger(tx, "deposit");
      assertEquals(0, ledgerRows()); // not visible before the commit

      tx.commit(state(1));
    }

    assertEquals(1, ledgerRows());
    assertEquals(1, storage.states().load(ACCOUNT).orElseThrow().version());
  }

  @Test
  void aConflictingCommitRollsTheUsersSqlBackToo() throws SQLException {
    storage.commit(state(1));

    try (SqlTransaction tx = storage.beginSql().orElseThrow()) {
      insertLedger(tx, "deposit");
      StorageException e = assertThrows(StorageException.class, () -> tx.commit(state(1)));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("Account/a-1"), e.getMessage());
    }

    assertEquals(0, ledgerRows());
    assertEquals(1, storage.states().load(ACCOUNT).orElseThrow().version());
  }

  @Test
  void closingWithoutCommitRollsBack() throws SQLException {
    try (SqlTransaction tx = storage.beginSql().orElseThrow()) {
      insertLedger(tx, "deposit");
    }

    assertEquals(0, ledgerRows());
    assertEquals(Optional.empty(), storage.states().load(ACCOUNT));
  }

  @Test
  void aCommittedTransactionCannotBeUsedAgain() {
    SqlTransaction tx = storage.beginSql().orElseThrow();
    tx.commit(Commit.builder().build());

    assertThrows(IllegalStateException.class, tx::connection);
    tx.close();
  }
}
