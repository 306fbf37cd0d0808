package io.cruster.benchmarks;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredStore;
import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionQuery;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.ExecutionStore;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.LoadedExecution;
import io.cruster.persistence.spi.MessageStorage;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.SaveOutcome;
import io.cruster.persistence.spi.SqlTransaction;
import io.cruster.persistence.spi.StateStore;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.TimerStore;
import io.cruster.persistence.spi.WorkflowJournal;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.WorkflowStatus;
import io.cruster.sharding.Workflows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Following workflows on PostgreSQL: how soon a {@code join} returns after the reply is stored,
 * when the joiner is the runner that ran the workflow (woken in-process) and when it is another
 * node on the same database (woken by {@code LISTEN/NOTIFY}; a node that is never started, so
 * nothing else can wake it); and what a {@code workflows().list(...)} costs on 1,000,000 stored
 * executions, through the Java API.
 *
 * <p>Method: a fresh database ({@link BenchDatabase}); a runner whose storage stamps the moment
 * each {@code ExecutionStore.finish} returns (the reply is committed and its NOTIFY sent), an
 * observer node; polling slowed to a minute so it plays no part. Each join sample starts a workflow
 * that sleeps 50 ms durably and returns, joins it right away, and measures from the stamp to the
 * join's completion; {@value #JOINS} samples per case after {@value #WARMUP} warm-up ones, one at a
 * time. Listings: 1,000,000 generated executions (the mix of IndexPlansIT), ANALYZE, then each
 * query shape {@value #LISTS} times (pages of 50) after {@value #WARMUP} warm-ups. Prints a
 * markdown table; progress goes to stderr.
 *
 * <pre>
 * java -cp benchmarks.jar io.cruster.benchmarks.WorkflowFollowBenchmarks [--quick]
 * </pre>
 */
public final class WorkflowFollowBenchmarks {
  static final int WARMUP = 100;
  static final int JOINS = 1000;
  static final int LISTS = 300;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** How long each joined workflow sleeps: long enough for the join to be waiting first. */
  private static final long NAP_MILLIS = 50;

  record Nothing() {}

  /** Sleeps {@code millis} durably and returns. */
  record Nap(long millis) implements Workflow<String> {}

  /**
   * Runs {@code steps} activities, sleeps {@code sleeps} times 1 ms, awaits {@code awaits} slots.
   */
  record Steps(int steps, int sleeps, int awaits) implements Workflow<Integer> {}

  record Step() implements io.cruster.sharding.Activity<Integer> {}

  record Count(int n) {}

  static final EntityType<Count> STEPPER =
      EntityType.define("Stepper", Count.class)
          .init(ctx -> new Count(0))
          .activity(
              Step.class,
              (ctx, m) -> {
                ctx.setState(new Count(ctx.state().n() + 1));
                return ctx.state().n();
              })
          .workflow(
              Steps.class,
              (ctx, m) -> {
                for (int i = 0; i < m.steps(); i++) {
                  ctx.run(new Step());
                }
                for (int i = 0; i < m.sleeps(); i++) {
                  ctx.sleep(Duration.ofMillis(1));
                }
                for (int i = 0; i < m.awaits(); i++) {
                  ctx.await(io.cruster.sharding.Deferred.of("slot-" + i, Integer.class));
                }
                return m.steps();
              })
          .build();

  static final EntityType<Nothing> TYPE =
      EntityType.define("Napper", Nothing.class)
          .init(ctx -> new Nothing())
          .workflow(
              Nap.class,
              (ctx, m) -> {
                ctx.sleep(Duration.ofMillis(m.millis()));
                return "done";
              })
          .build();

  private WorkflowFollowBenchmarks() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    int joins = quick ? 200 : JOINS;
    int lists = quick ? 100 : LISTS;
    ShardingConfig slowPolling =
        ShardingConfig.builder().storagePollInterval(Duration.ofMinutes(1)).build();
    List<String> rows = new ArrayList<>();
    try (BenchDatabase db = BenchDatabase.create()) {
      List<String> trips = roundTrips(db, slowPolling);
      Map<String, Long> stored = new ConcurrentHashMap<>();
      Storage runnerStorage = new Stamped(Storages.postgres(db.url()), stored);
      try (runnerStorage;
          SingleRunner runner =
              SingleRunner.builder().storage(runnerStorage).config(slowPolling).build();
          SingleRunner observer =
              SingleRunner.builder().jdbcUrl(db.url()).config(slowPolling).build()) {
        EntityClient client = runner.register(TYPE);
        runner.start();
        observer.register(TYPE);
        rows.add(
            joinRow(
                "join, same runner (woken in-process)", client, runner.workflows(), stored, joins));
        rows.add(
            joinRow(
                "join, another node (woken by LISTEN/NOTIFY)",
                client,
                observer.workflows(),
                stored,
                joins));
        System.err.println("generating 1,000,000 executions...");
        generate(db.url());
        Workflows w = observer.workflows();
        String someEntity = "e-4242";
        rows.add(
            listRow(
                "list: entity type + status (AWAITING)",
                lists,
                () -> w.list(page().entityType("Type3").status(WorkflowStatus.AWAITING))));
        rows.add(listRow("list: entity type", lists, () -> w.list(page().entityType("Type3"))));
        rows.add(
            listRow(
                "list: status (FAILED)",
                lists,
                () -> w.list(page().status(WorkflowStatus.FAILED))));
        rows.add(listRow("list: all, newest first", lists, () -> w.list(page())));
        rows.add(listRow("list: tag", lists, () -> w.list(page().tag("Type7.Flow0"))));
        rows.add(listRow("list: entity id", lists, () -> w.list(page().entityId(someEntity))));
        var first = w.list(page().entityType("Type5"));
        WorkflowQuery second = page().entityType("Type5").after(first.get(first.size() - 1));
        rows.add(listRow("list: entity type, page 2 (cursor)", lists, () -> w.list(second)));
        rows.add(listRow("describe (record + journal)", lists, () -> w.describe("x-500000")));
      }
      System.out.println("| round trips to PostgreSQL (polling slowed to a minute) | per unit |");
      System.out.println("|---|---|");
      trips.forEach(System.out::println);
      System.out.println();
    }
    System.out.println("| scenario | samples | p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  /**
   * Round trips per part of a workflow, counted on the runner's connections ({@link
   * CountingSocketFactory}) with polling slowed so the poller adds none: a workflow with no step
   * (start, journal read, end), and the extra of each activity step, sleep (journal entry with
   * timer and status, then the wake-up), and await of a slot resolved before.
   */
  private static List<String> roundTrips(BenchDatabase db, ShardingConfig config) {
    System.err.println("counting round trips...");
    String url = BenchDatabase.withParameter(db.url(), CountingSocketFactory.URL_PARAMETER);
    List<String> out = new ArrayList<>();
    try (SingleRunner runner = SingleRunner.builder().jdbcUrl(url).config(config).build()) {
      EntityClient steps = runner.register(STEPPER);
      runner.start();
      int n = 50;
      int w = 20;
      for (int i = 0; i < 5; i++) { // warm the pool and the JIT
        steps.call("warm", new Steps(2, 1, 0));
      }
      double base = perWorkflow(steps, "base", new Steps(0, 0, 0), w, 0);
      out.add(
          String.format(
              Locale.ROOT, "| a workflow of no step (start, journal read, end) | %.2f |", base));
      double step = (perWorkflow(steps, "acts", new Steps(n, 0, 0), w, 0) - base) / n;
      out.add(String.format(Locale.ROOT, "| an activity step (`ctx.run`) | %.2f |", step));
      double sleep = (perWorkflow(steps, "naps", new Steps(0, n, 0), w, 0) - base) / n;
      out.add(
          String.format(
              Locale.ROOT,
              "| a sleep step (`ctx.sleep`: journal entry, timer and SLEEPING; wake-up: timer deleted and RUNNING) | %.2f |",
              sleep));
      double await = (perWorkflow(steps, "waits", new Steps(0, 0, n), w, n) - base) / n;
      out.add(
          String.format(
              Locale.ROOT,
              "| an await of a slot resolved before (`ctx.await`: slot read, journal entry) | %.2f |",
              await));
    }
    return out;
  }

  /** Round trips per workflow, over {@code count} of them on fresh entities. */
  private static double perWorkflow(
      EntityClient client, String prefix, Steps message, int count, int slots) {
    long total = 0;
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      for (int s = 0; s < slots; s++) {
        client.resolve(id, io.cruster.sharding.Deferred.of("slot-" + s, Integer.class), s);
      }
      long before = CountingSocketFactory.roundTrips();
      client.call(id, message);
      total += CountingSocketFactory.roundTrips() - before;
    }
    return (double) total / count;
  }

  private static WorkflowQuery page() {
    return WorkflowQuery.all().limit(50);
  }

  private static String joinRow(
      String name, EntityClient client, Workflows joiner, Map<String, Long> stored, int samples) {
    System.err.println(name + "...");
    long[] latencies = new long[samples];
    int late = 0;
    for (int i = -WARMUP; i < samples; i++) {
      WorkflowHandle<String> started = client.start("napper-" + (i & 63), new Nap(NAP_MILLIS));
      CompletableFuture<Long> woken = new CompletableFuture<>();
      joiner
          .handle(started.executionId(), String.class)
          .joinAsync()
          .whenComplete((v, e) -> woken.complete(System.nanoTime()));
      long at = woken.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
      Long storedAt = null;
      for (long deadline = System.nanoTime() + PATIENCE.toNanos();
          storedAt == null && System.nanoTime() < deadline; ) {
        storedAt = stored.remove(started.executionId());
      }
      if (storedAt == null) {
        throw new ScenarioFailedException(name + ": no stored reply stamped for " + started);
      }
      if (at < storedAt) {
        late++; // the joiner's first read already found it finished: not a wake-up
        i--;
        if (late > samples) {
          throw new ScenarioFailedException(name + ": joins keep starting after the end");
        }
        continue;
      }
      if (i >= 0) {
        latencies[i] = at - storedAt;
      }
    }
    if (late > 0) {
      System.err.println(name + ": " + late + " joins started too late to be woken were repeated");
    }
    return row(name, latencies);
  }

  private static String listRow(String name, int samples, Supplier<?> query) {
    System.err.println(name + "...");
    long[] latencies = new long[samples];
    for (int i = -WARMUP; i < samples; i++) {
      long t0 = System.nanoTime();
      query.get();
      if (i >= 0) {
        latencies[i] = System.nanoTime() - t0;
      }
    }
    return row(name, latencies);
  }

  private static String row(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %s | %s |",
        name,
        sorted.length,
        ms(sorted[sorted.length / 2]),
        ms(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]),
        ms(sorted[sorted.length - 1]));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  /** 1,000,000 executions in the mix IndexPlansIT checks its plans on, then ANALYZE. */
  private static void generate(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      s.execute("SELECT setseed(0.42)");
      s.execute(
          """
          INSERT INTO cruster_executions (execution_id, entity_type, entity_id, shard_group, shard_id, tag,
            status, started_at, ended_at, failure, reply_failure, reply_payload, input)
          SELECT 'x-' || i, 'Type' || t, 'e-' || (i % 200000), 'default', i % 2048,
            'Type' || t || '.Flow' || f, st,
            timestamptz '2025-01-01' + i * interval '2.5 s',
            CASE WHEN st IN ('COMPLETED', 'FAILED', 'CANCELLED')
              THEN timestamptz '2025-01-01' + i * interval '2.5 s' + interval '1 minute' END,
            CASE WHEN st IN ('FAILED', 'CANCELLED') THEN 'boom' END,
            CASE WHEN st IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN st <> 'COMPLETED' END,
            CASE WHEN st IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN '\\\\x01'::bytea END,
            '\\\\x0102'::bytea
          FROM (SELECT i, t, f, CASE WHEN r < 80 THEN 'COMPLETED' WHEN r < 85 THEN 'FAILED'
                               WHEN r < 87 THEN 'CANCELLED' WHEN r < 95 THEN 'RUNNING'
                               WHEN r < 98 THEN 'SLEEPING' ELSE 'AWAITING' END AS st
                FROM (SELECT i, (random() * 10)::int % 10 AS t, (random() * 2)::int % 2 AS f,
                        (random() * 100)::int % 100 AS r
                      FROM generate_series(1, 1000000) i) u) g""");
      s.execute(
          """
          INSERT INTO cruster_journal
          SELECT 'x-500000', n, 'ACTIVITY', 'Step', '\\\\x01'::bytea, false, now()
          FROM generate_series(1, 10) n""");
      s.execute("ANALYZE");
    }
  }

  /** A storage whose executions' {@code finish} stamps when it returned, per execution. */
  private record Stamped(Storage delegate, Map<String, Long> stored) implements Storage {
    @Override
    public MessageStorage messages() {
      return delegate.messages();
    }

    @Override
    public StateStore states() {
      return delegate.states();
    }

    @Override
    public WorkflowJournal journal() {
      return delegate.journal();
    }

    @Override
    public DeferredStore deferreds() {
      return delegate.deferreds();
    }

    @Override
    public TimerStore timers() {
      return delegate.timers();
    }

    @Override
    public ExecutionStore executions() {
      ExecutionStore e = delegate.executions();
      return new ExecutionStore() {
        @Override
        public SaveOutcome start(
            RequestRecord r, Optional<String> from, List<JournalEntry> journal) {
          return e.start(r, from, journal);
        }

        @Override
        public LoadedExecution load(String id) {
          return e.load(id);
        }

        @Override
        public Optional<ExecutionRecord> find(String id) {
          return e.find(id);
        }

        @Override
        public List<ExecutionRecord> findAll(Collection<String> ids) {
          return e.findAll(ids);
        }

        @Override
        public List<ExecutionRecord> list(ExecutionQuery q) {
          return e.list(q);
        }

        @Override
        public Optional<byte[]> input(String id) {
          return e.input(id);
        }

        @Override
        public Optional<byte[]> awaitDeferred(
            String id, EntityAddress a, String name, Optional<FencingToken> fence) {
          return e.awaitDeferred(id, a, name, fence);
        }

        @Override
        public boolean finish(
            ReplyRecord reply,
            ExecutionStatus status,
            Optional<String> f,
            Optional<FencingToken> fence) {
          boolean ended = e.finish(reply, status, f, fence);
          stored.put(reply.requestId(), System.nanoTime());
          return ended;
        }

        @Override
        public boolean requestCancel(String id, String reason, Instant at) {
          return e.requestCancel(id, reason, at);
        }

        @Override
        public List<String> purge(Instant before, int limit) {
          return e.purge(before, limit);
        }

        @Override
        public Subscription subscribe(ExecutionListener listener) {
          return e.subscribe(listener);
        }
      };
    }

    @Override
    public void commit(Commit commit) {
      delegate.commit(commit);
    }

    @Override
    public List<FencingToken> fenceShards(Collection<ShardId> shards) {
      return delegate.fenceShards(shards);
    }

    @Override
    public Optional<SqlTransaction> beginSql() {
      return delegate.beginSql();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
