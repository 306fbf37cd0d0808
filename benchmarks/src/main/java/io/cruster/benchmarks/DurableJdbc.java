package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.DurableApp;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.Probe;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Raw JDBC as the floor of the durable benchmarks ({@link DurableBenchmarks}), in a process of its
 * own, on the database {@code --db}: what the least a durable flow must write costs when written by
 * hand. The flow: one autocommit {@code INSERT} of the flow's row, one autocommit {@code INSERT}
 * per step (its output), one autocommit {@code UPDATE} marking it done, on a connection of a pool
 * of {@value PeerMain#CLIENTS} (one per client). The notify workload is the storage suite's batched
 * peer: one thread inserting rows as long as Cruster's tally message, {@value InsertsJdbc#BATCH}
 * per {@code executeBatch} and {@code COMMIT}. It has no timers and no recovery, so it sits out the
 * sleep and recovery workloads.
 */
final class DurableJdbc implements DurableApp {
  private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

  private final String url;
  private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(PeerMain.CLIENTS);
  private Workload batchedInserts;

  private DurableJdbc(String jdbcUrl) throws SQLException {
    url = BenchDatabase.withParameter(jdbcUrl, CountingSocketFactory.URL_PARAMETER);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS jdbc_flows "
              + "(id text PRIMARY KEY, steps int NOT NULL, done boolean NOT NULL, result text)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS jdbc_flow_steps "
              + "(flow_id text NOT NULL, step int NOT NULL, output text NOT NULL, "
              + "PRIMARY KEY (flow_id, step))");
    }
    for (int i = 0; i < PeerMain.CLIENTS; i++) {
      pool.add(DriverManager.getConnection(url));
    }
  }

  public static void main(String[] args) {
    PeerMain.run("raw JDBC", args, options -> new DurableJdbc(options.require("db")));
  }

  @Override
  public String runFlow(String id, int steps) throws Exception {
    Connection c = pool.poll(BORROW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new SQLException("no connection free within " + BORROW_TIMEOUT.toSeconds() + " s");
    }
    try (PreparedStatement start =
            c.prepareStatement("INSERT INTO jdbc_flows (id, steps, done) VALUES (?, ?, false)");
        PreparedStatement step =
            c.prepareStatement(
                "INSERT INTO jdbc_flow_steps (flow_id, step, output) VALUES (?, ?, ?)");
        PreparedStatement done =
            c.prepareStatement("UPDATE jdbc_flows SET done = true, result = ? WHERE id = ?")) {
      start.setString(1, id);
      start.setInt(2, steps);
      start.executeUpdate();
      String out = null;
      for (int i = 0; i < steps; i++) {
        long t0 = System.nanoTime();
        out = Probe.stepOutput(id, i);
        step.setString(1, id);
        step.setInt(2, i);
        step.setString(3, out);
        step.executeUpdate();
        Probe.stepDone(i, t0);
      }
      done.setString(1, out);
      done.setString(2, id);
      done.executeUpdate();
      Probe.finished(id);
      return out;
    } finally {
      pool.add(c);
    }
  }

  @Override
  public void startFlow(String id, int steps) {
    throw new UnsupportedOperationException("raw JDBC has no workflow engine to start flows");
  }

  @Override
  public void startNap(String id, Duration duration) {
    throw new UnsupportedOperationException("raw JDBC has no durable timers");
  }

  @Override
  public void tally(String key, long n) {
    throw new UnsupportedOperationException("raw JDBC tallies go in batches (tallyBatch)");
  }

  @Override
  public Optional<Sample> tallyBatch(long n) throws Exception {
    if (batchedInserts == null) {
      batchedInserts = InsertsJdbc.batched(url, DurableCruster.tallyPayloadBytes());
    }
    return Optional.of(batchedInserts.run(n));
  }

  @Override
  public OptionalLong roundTrips() {
    return OptionalLong.of(CountingSocketFactory.roundTrips());
  }

  @Override
  public void close() {
    if (batchedInserts != null) {
      batchedInserts.close();
    }
    for (Connection c : pool) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }
}
