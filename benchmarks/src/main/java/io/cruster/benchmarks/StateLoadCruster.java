package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Callers;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.internal.Models;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Entity activations that load their state from PostgreSQL. Opening the workload gives {@code
 * entities} accounts a stored state (one {@code Deposit} notify each, waited for until every state
 * is in the database). Each batch then restarts the runner (closes it and builds a new one on the
 * same database; not timed), so every entity is cold, and {@value #CALLERS} virtual threads make
 * one {@code GetBalance} rpc on each of the batch's accounts: each call activates its entity, which
 * loads its state (one read) before the rpc runs. The rpc checks it got the stored balance, not the
 * initial one.
 */
final class StateLoadCruster implements Workload {
  static final int CALLERS = 64;
  private static final String LABEL = "Cruster state loads";
  private static final int PRELOAD_CALLERS = 256;
  private static final long BALANCE = 1_000_000_007L;

  record Account(long balance) {}

  @Public
  record Deposit(long amount) implements Activity<Long> {}

  record GetBalance() implements Rpc<Long> {}

  static final EntityType<Account> ACCOUNT =
      EntityType.define("Account", Account.class)
          .init(ctx -> new Account(0))
          .activity(
              Deposit.class,
              (ctx, m) -> {
                ctx.setState(new Account(ctx.state().balance() + m.amount()));
                return ctx.state().balance();
              })
          .rpc(GetBalance.class, (ctx, m) -> ctx.state().balance())
          .build();

  private static final GetBalance GET_BALANCE = new GetBalance();

  private final BenchDatabase db;
  private final String jdbcUrl;
  private final String[] ids;
  private SingleRunner runner;
  private EntityClient accounts;

  private StateLoadCruster(BenchDatabase db, String jdbcUrl, int entities) throws Exception {
    this.db = db;
    this.jdbcUrl = jdbcUrl;
    ids = new String[entities];
    for (int i = 0; i < entities; i++) {
      ids[i] = "account-" + i;
    }
    start();
    preload();
  }

  /** A workload over {@code entities} accounts, given their state now (that takes a while). */
  static StateLoadCruster open(BenchDatabase db, String jdbcUrl, int entities) throws Exception {
    return new StateLoadCruster(db, jdbcUrl, entities);
  }

  /** The bytes of one account's state as Cruster stores it. */
  static int stateBytes() {
    return Models.of(ACCOUNT).serializer().toBytes(new Account(BALANCE)).length;
  }

  private void start() {
    runner = SingleRunner.builder().jdbcUrl(jdbcUrl).build();
    try {
      accounts = runner.register(ACCOUNT);
      runner.start();
    } catch (RuntimeException e) {
      runner.close();
      runner = null;
      throw e;
    }
  }

  /** One Deposit notify per account, then waits until every account's state is stored. */
  private void preload() throws SQLException, InterruptedException {
    long t0 = System.nanoTime();
    Callers.run(
        PRELOAD_CALLERS,
        ids.length,
        (caller, seq) -> accounts.notify(ids[(int) seq], new Deposit(BALANCE)),
        LABEL + ": preload");
    long deadline = t0 + Await.BATCH.toNanos() * 2;
    long stored;
    try (Connection c = db.connect();
        PreparedStatement count =
            c.prepareStatement(
                "SELECT count(*) FROM cruster_entity_state WHERE entity_type = 'Account' AND version = 1")) {
      while (true) {
        try (ResultSet r = count.executeQuery()) {
          r.next();
          stored = r.getLong(1);
        }
        if (stored >= ids.length || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(50);
      }
    }
    if (stored != ids.length) {
      throw new ScenarioFailedException(
          String.format(
              Locale.ROOT,
              "%s: %,d of %,d accounts have a stored state after the " + "preload",
              LABEL,
              stored,
              ids.length));
    }
    System.err.printf(
        Locale.ROOT,
        "(%,d accounts given a state in %.1f s) ",
        ids.length,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Restarts the runner (not timed), then activates the first {@code n} accounts (at most all of
   * them).
   */
  @Override
  public Sample run(long n) {
    if (n > ids.length) {
      throw new IllegalArgumentException(
          LABEL + ": a batch of " + n + " needs as many accounts; there are " + ids.length);
    }
    runner.close();
    runner = null;
    start();
    return Callers.run(
        CALLERS,
        n,
        (caller, seq) -> {
          Long balance = accounts.call(ids[(int) seq], GET_BALANCE);
          if (balance == null || balance != BALANCE) {
            throw new ScenarioFailedException(
                LABEL
                    + ": "
                    + ids[(int) seq]
                    + " has balance "
                    + balance
                    + " after activation, not the "
                    + "stored "
                    + BALANCE);
          }
        },
        LABEL);
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.close();
    }
  }
}
