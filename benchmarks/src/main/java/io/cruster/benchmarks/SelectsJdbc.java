package io.cruster.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cruster.benchmarks.peer.Callers;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.persistence.PostgresOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * The raw JDBC peer of entity state loads: {@value StateLoadCruster#CALLERS} virtual threads each
 * borrowing a connection from a HikariCP pool as large as Cruster's own ({@link
 * PostgresOptions#DEFAULT_POOL_SIZE}) and reading one row by primary key from {@code (id text
 * primary key, state bytea)}, the state as long as an account's stored state. The rows are inserted
 * when the workload opens; each batch reads the first {@code n} of them, one read per row, as the
 * Cruster side activates one entity per account.
 */
final class SelectsJdbc implements Workload {
  private static final String LABEL = "JDBC selects by primary key";

  private final HikariDataSource pool;
  private final String[] ids;
  private final int stateBytes;

  private SelectsJdbc(BenchDatabase db, String url, int rows, int stateBytes) throws SQLException {
    this.stateBytes = stateBytes;
    ids = new String[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = "account-" + i;
    }
    byte[] state = new byte[stateBytes];
    new Random(7).nextBytes(state);
    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS jdbc_state");
        s.execute(
            "CREATE TABLE jdbc_state (id text COLLATE \"C\" PRIMARY KEY, state bytea NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO jdbc_state (id, state) VALUES (?, ?)")) {
        for (int i = 0; i < rows; i++) {
          insert.setString(1, ids[i]);
          insert.setBytes(2, state);
          insert.addBatch();
          if (i % 1_000 == 999 || i == rows - 1) {
            insert.executeBatch();
          }
        }
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("VACUUM ANALYZE jdbc_state");
      }
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-jdbc-selects");
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(PostgresOptions.DEFAULT_POOL_SIZE);
    pool = new HikariDataSource(config);
  }

  /**
   * {@code rows} rows of {@code stateBytes} bytes in the run's database, read through a pool on
   * {@code url}.
   */
  static SelectsJdbc open(BenchDatabase db, String url, int rows, int stateBytes)
      throws SQLException {
    return new SelectsJdbc(db, url, rows, stateBytes);
  }

  @Override
  public Sample run(long n) {
    return Callers.run(
        StateLoadCruster.CALLERS,
        n,
        (caller, seq) -> {
          String id = ids[(int) (seq % ids.length)];
          try (Connection c = pool.getConnection();
              PreparedStatement select =
                  c.prepareStatement("SELECT state FROM jdbc_state WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet r = select.executeQuery()) {
              if (!r.next() || r.getBytes(1).length != stateBytes) {
                throw new ScenarioFailedException(
                    LABEL + ": no row of " + stateBytes + " bytes for " + id);
              }
            }
          }
        },
        LABEL);
  }

  @Override
  public void close() {
    pool.close();
  }
}
