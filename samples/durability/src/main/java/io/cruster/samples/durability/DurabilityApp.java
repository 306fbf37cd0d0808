package io.cruster.samples.durability;

import io.cruster.sharding.EntityClient;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one job on a {@link SingleRunner} over PostgreSQL and reports its events on stdout, one a
 * line, for tests that kill it with {@code kill -9} and run it again:
 *
 * <pre>
 * DurabilityApp &lt;jdbc-url&gt; workflow &lt;id&gt;...  runs {@link Job.RunSteps} per id        STEP id n, RESULT id value
 * DurabilityApp &lt;jdbc-url&gt; sleep &lt;id&gt;          runs {@link Job.SleepBetween}         SLEEPING id ms, WOKE id ms, RESULT
 * DurabilityApp &lt;jdbc-url&gt; await &lt;id&gt;          runs {@link Job.AwaitBetween}         AWAITING id, AWAITED id v, RESULT
 * DurabilityApp &lt;jdbc-url&gt; resolve &lt;id&gt;        resolves {@link Job#GO} of job id    RESOLVED id true|false
 * DurabilityApp &lt;jdbc-url&gt; notify &lt;count&gt;      notifies {@link Recorder.Record} 0..count-1, waits until all are
 *                                               in table processed    SENT k, PROCESSED k, DONE rows distinct
 * </pre>
 *
 * Every run prints {@code STARTED <pid> <epoch-ms>} once the runner serves, and {@code EXIT <code>}
 * before it exits (0: the job is done; 1: it failed or timed out; 2: bad arguments). Running a mode
 * again with the same ids re-attaches to the same workflow executions (the messages are idempotent
 * by id) and re-sends the same notifies (idempotent by number). Times come from the system clock,
 * in epoch milliseconds.
 */
public final class DurabilityApp {
  /** Short, so that requests and timers left by a killed run are found soon after a restart. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  /** Generous: a workflow call waits through its sleeps and the restarts of the tests. */
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  /** How long the notify mode waits for all its numbers to be processed. */
  static final Duration NOTIFY_DEADLINE = Duration.ofMinutes(3);

  /** Concurrent senders of the notify mode. */
  static final int SENDERS = 16;

  private DurabilityApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: DurabilityApp <jdbc-url> workflow <id>... | sleep <id> | await <id> | resolve <id>"
              + " | notify <count>");
      System.exit(2);
    }
    String url = args[0];
    String mode = args[1];
    List<String> params = Arrays.asList(args).subList(2, args.length);
    createTables(url);
    ShardingConfig config =
        ShardingConfig.builder()
            .storagePollInterval(POLL_INTERVAL)
            .callTimeout(CALL_TIMEOUT)
            .build();
    int code;
    try (SingleRunner runner =
        SingleRunner.builder()
            .jdbcUrl(url)
            .config(config)
            .startupTimeout(Duration.ofSeconds(30))
            .build()) {
      EntityClient jobs = runner.register(Job.TYPE);
      EntityClient recorders = runner.register(Recorder.TYPE);
      runner.start();
      Events.emit("STARTED", ProcessHandle.current().pid(), System.currentTimeMillis());
      code =
          switch (mode) {
            case "workflow" -> workflows(jobs, params);
            case "sleep" -> one(jobs, params.get(0), new Job.SleepBetween(params.get(0)));
            case "await" -> one(jobs, params.get(0), new Job.AwaitBetween(params.get(0)));
            case "resolve" -> resolve(jobs, params.get(0));
            case "notify" -> sendNotifies(url, recorders, Integer.parseInt(params.get(0)));
            default -> {
              System.err.println("unknown mode: " + mode);
              yield 2;
            }
          };
    }
    Events.emit("EXIT", code);
    System.exit(code);
  }

  /** The application's own tables; the runner creates its own. */
  private static void createTables(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS side_effects (
            entity_id    text        NOT NULL,
            execution_id text        NOT NULL,
            step         integer     NOT NULL,
            at           timestamptz NOT NULL DEFAULT clock_timestamp())""");
      // Deliberately no unique index: a duplicate must show up as a second row, not as a failed
      // insert.
      s.execute(
          """
          CREATE TABLE IF NOT EXISTS processed (
            n  integer     NOT NULL,
            at timestamptz NOT NULL DEFAULT clock_timestamp())""");
    }
  }

  private static int workflows(EntityClient jobs, List<String> ids) throws InterruptedException {
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (String id : ids) {
        results.add(calls.submit(() -> one(jobs, id, new Job.RunSteps(id))));
      }
      int code = 0;
      for (Future<Integer> result : results) {
        try {
          code = Math.max(code, result.get());
        } catch (ExecutionException e) {
          code = 1;
        }
      }
      return code;
    }
  }

  private static int one(EntityClient jobs, String id, Workflow<String> workflow) {
    try {
      Events.emit("RESULT", id, jobs.call(id, workflow));
      return 0;
    } catch (RuntimeException e) {
      Events.emit("FAILED", id, e.toString().replace('\n', ' '));
      return 1;
    }
  }

  private static int resolve(EntityClient jobs, String id) {
    Events.emit("RESOLVED", id, jobs.resolve(id, Job.GO, true));
    return 0;
  }

  private static int sendNotifies(String url, EntityClient recorders, int count) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int first = s;
        done.add(
            senders.submit(
                () -> {
                  for (int n = first; n < count; n += SENDERS) {
                    recorders.notify(Recorder.entityOf(n), new Recorder.Record(n));
                    int k = sent.incrementAndGet();
                    if (k % 1000 == 0) {
                      Events.emit("SENT", k);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    Events.emit("SENT_ALL", count);
    Instant deadline = Instant.now().plus(NOTIFY_DEADLINE);
    long lastReport = 0;
    try (Connection c = DriverManager.getConnection(url)) {
      while (true) {
        long[] counts = processed(c);
        if (counts[1] >= count) {
          Events.emit("DONE", counts[0], counts[1]);
          return 0;
        }
        if (Instant.now().isAfter(deadline)) {
          Events.emit("TIMEOUT", counts[0], counts[1]);
          return 1;
        }
        if (System.currentTimeMillis() - lastReport >= 1000) {
          Events.emit("PROCESSED", counts[0], counts[1]);
          lastReport = System.currentTimeMillis();
        }
        Thread.sleep(100); // the application polls its table, as a report would
      }
    }
  }

  /** Rows in {@code processed}, and distinct numbers among them. */
  private static long[] processed(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT n) FROM processed")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    }
  }
}
