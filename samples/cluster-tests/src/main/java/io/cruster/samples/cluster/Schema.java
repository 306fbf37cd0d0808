package io.cruster.samples.cluster;

/**
 * The application's own tables, next to Cruster's: created once per database before the runners
 * start.
 */
public final class Schema {
  /** One statement per element. */
  public static final String[] DDL = {
    // One row per entity activation: which process held the entity, from when to when (null: until
    // it died).
    "CREATE TABLE IF NOT EXISTS spans (id bigserial PRIMARY KEY, address text NOT NULL, runner text NOT NULL,"
        + " started_at timestamptz NOT NULL, ended_at timestamptz)",
    "CREATE TABLE IF NOT EXISTS step_runs (run_id text NOT NULL, step int NOT NULL, runner text NOT NULL,"
        + " at timestamptz NOT NULL)",
    "CREATE TABLE IF NOT EXISTS heartbeats (runner text NOT NULL, at timestamptz NOT NULL)",
    // One row per applied Ledger.Append (the chaos suite): deliberately no unique key, so a
    // duplicate shows.
    "CREATE TABLE IF NOT EXISTS effects (request_key text NOT NULL, ledger text NOT NULL,"
        + " runner text NOT NULL, at timestamptz NOT NULL)",
    // One row per run of an Account.Deposit handler: which process ran it, when it started.
    "CREATE TABLE IF NOT EXISTS handler_runs (address text NOT NULL, runner text NOT NULL,"
        + " at timestamptz NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cron_ticks (tick timestamptz NOT NULL, runner text NOT NULL, at timestamptz NOT NULL)",
    "CREATE TABLE IF NOT EXISTS order_events (order_id text NOT NULL, what text NOT NULL, runner text NOT NULL,"
        + " at timestamptz NOT NULL)",
  };

  private Schema() {}
}
