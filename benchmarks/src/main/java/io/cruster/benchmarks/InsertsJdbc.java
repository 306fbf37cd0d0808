package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * The raw JDBC peer of persisted messages and workflow steps: one thread on one connection
 * inserting rows of {@code (id bigint primary key, payload bytea)}, the payload as long as
 * Cruster's serialized message. Two shapes: one row per autocommit statement (each insert timed,
 * for the single-insert latency), and batches of {@value #BATCH} rows per {@code executeBatch} and
 * COMMIT. The table is created by the workload, in the run's database.
 */
final class InsertsJdbc implements Workload {
  static final int BATCH = 100;

  /** Latencies are kept per insert, so a batch is capped to bound the sample array. */
  private static final long MAX_ROWS = 5_000_000;

  private final boolean batched;
  private final String label;
  private final Connection connection;
  private final PreparedStatement insert;
  private final byte[] payload;
  private long nextId;

  private InsertsJdbc(String url, boolean batched, int payloadBytes) throws SQLException {
    this.batched = batched;
    this.label = batched ? "JDBC batched inserts" : "JDBC single-row inserts";
    this.payload = new byte[payloadBytes];
    new Random(42).nextBytes(payload);
    String table = batched ? "jdbc_batched_rows" : "jdbc_single_rows";
    connection = java.sql.DriverManager.getConnection(url);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
        s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload bytea NOT NULL)");
      }
      connection.setAutoCommit(!batched);
      insert = connection.prepareStatement("INSERT INTO " + table + " (id, payload) VALUES (?, ?)");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * One row per autocommit insert on {@code url} (the run's database, maybe with {@link
   * CountingSocketFactory}).
   */
  static Workload single(String url, int payloadBytes) throws SQLException {
    return new InsertsJdbc(url, false, payloadBytes);
  }

  /** {@value #BATCH} rows per executeBatch and COMMIT. */
  static Workload batched(String url, int payloadBytes) throws SQLException {
    return new InsertsJdbc(url, true, payloadBytes);
  }

  @Override
  public Sample run(long n) throws SQLException {
    if (batched) {
      long batches = Math.max(1, (n + BATCH - 1) / BATCH);
      long start = System.nanoTime();
      for (long b = 0; b < batches; b++) {
        for (int i = 0; i < BATCH; i++) {
          insert.setLong(1, nextId++);
          insert.setBytes(2, payload);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        connection.commit();
        if (counts.length != BATCH) {
          throw new ScenarioFailedException(
              label
                  + ": executeBatch returned "
                  + counts.length
                  + " counts for "
                  + BATCH
                  + " rows");
        }
      }
      return Sample.of(batches * BATCH, System.nanoTime() - start);
    }
    int rows = (int) Math.max(1, Math.min(n, MAX_ROWS));
    long[] latencies = new long[rows];
    long start = System.nanoTime();
    for (int i = 0; i < rows; i++) {
      insert.setLong(1, nextId++);
      insert.setBytes(2, payload);
      long t0 = System.nanoTime();
      int count = insert.executeUpdate();
      latencies[i] = System.nanoTime() - t0;
      if (count != 1) {
        throw new ScenarioFailedException(label + ": an insert reported " + count + " rows");
      }
    }
    return new Sample(rows, System.nanoTime() - start, latencies);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      System.err.println(label + ": closing the connection failed: " + e.getMessage());
    }
  }
}
