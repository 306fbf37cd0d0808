package io.cruster.benchmarks.peer.dbos;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.StartWorkflowOptions;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import io.cruster.benchmarks.peer.CountingSocketFactory;
import io.cruster.benchmarks.peer.DurableApp;
import io.cruster.benchmarks.peer.PeerMain;
import io.cruster.benchmarks.peer.Probe;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * DBOS Transact Java ({@code dev.dbos:transact}) as a side of the durable benchmarks: the flow, the
 * nap and the tally of {@link DurableApp} as DBOS workflows of one proxied class, steps run with
 * {@code dbos.runStep}, the nap with {@code dbos.sleep}. DBOS keeps its system tables in the
 * database it is given ({@code --db}, on the same PostgreSQL server as Cruster's), with its
 * defaults otherwise: migrations on, LISTEN/NOTIFY on, a pool of 10 connections, workflows on
 * virtual threads. Its connections count their round trips ({@link CountingSocketFactory}).
 *
 * <p>Every workflow is started with {@code dbos.startWorkflow} and an explicit workflow id (the
 * flow's id), which returns once the workflow's status row is written; {@code runFlow} then waits
 * for its result. On {@code launch()}, DBOS recovers the pending workflows of its executor, which
 * is what the recovery workload times.
 */
public final class DbosPeer implements DurableApp {

  /** The workflows, as DBOS wants them: an interface and its annotated implementation. */
  public interface Flows {
    String flow(String id, int steps);

    void nap(String id, long millis);

    long tally(String key, long n);
  }

  /** The workflow bodies. */
  static final class FlowsImpl implements Flows {
    private final DBOS dbos;

    FlowsImpl(DBOS dbos) {
      this.dbos = dbos;
    }

    @Workflow(name = "flow")
    @Override
    public String flow(String id, int steps) {
      String out = null;
      for (int i = 0; i < steps; i++) {
        int step = i;
        long t0 = System.nanoTime();
        out = dbos.runStep(() -> Probe.stepOutput(id, step), "step");
        Probe.stepDone(step, t0);
      }
      Probe.finished(id);
      return out;
    }

    @Workflow(name = "nap")
    @Override
    public void nap(String id, long millis) {
      Probe.sleeping(id);
      dbos.sleep(Duration.ofMillis(millis));
      Probe.woke(id);
    }

    /** The tally's message is the workflow's input, saved with its status row. */
    @Workflow(name = "tally")
    @Override
    public long tally(String key, long n) {
      Probe.handled();
      return n;
    }
  }

  private final DBOS dbos;
  private final Flows flows;

  private DbosPeer(String jdbcUrl) {
    String url =
        jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + CountingSocketFactory.URL_PARAMETER;
    DBOSConfig config =
        DBOSConfig.defaults("cruster-bench")
            .withDatabaseUrl(url)
            .withDbUser(parameter(jdbcUrl, "user", "postgres"))
            .withDbPassword(parameter(jdbcUrl, "password", ""));
    dbos = new DBOS(config);
    flows = dbos.registerProxy(Flows.class, new FlowsImpl(dbos));
    dbos.launch();
  }

  /** A parameter of a JDBC URL's query string, or {@code otherwise}. */
  private static String parameter(String jdbcUrl, String name, String otherwise) {
    int query = jdbcUrl.indexOf('?');
    if (query >= 0) {
      for (String pair : jdbcUrl.substring(query + 1).split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return otherwise;
  }

  public static void main(String[] args) {
    PeerMain.run("DBOS", args, options -> new DbosPeer(options.require("db")));
  }

  @Override
  public String runFlow(String id, int steps) throws Exception {
    return dbos.startWorkflow(() -> flows.flow(id, steps), new StartWorkflowOptions(id))
        .getResult();
  }

  @Override
  public void startFlow(String id, int steps) {
    dbos.startWorkflow(() -> flows.flow(id, steps), new StartWorkflowOptions(id));
  }

  @Override
  public void startNap(String id, Duration duration) {
    dbos.startWorkflow(() -> flows.nap(id, duration.toMillis()), new StartWorkflowOptions(id));
  }

  @Override
  public void tally(String key, long n) {
    dbos.startWorkflow(() -> flows.tally(key, n), new StartWorkflowOptions());
  }

  @Override
  public OptionalLong roundTrips() {
    return OptionalLong.of(CountingSocketFactory.roundTrips());
  }

  @Override
  public void close() {
    dbos.close();
  }
}
