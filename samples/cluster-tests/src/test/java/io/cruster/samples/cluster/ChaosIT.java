package io.cruster.samples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.samples.cluster.RunnerCluster.Runner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos suite ({@code scripts/chaos}): three runner JVMs under steady load of idempotent public
 * activities ({@link Ledger.Append}, each leaving a row in {@code effects} in its own transaction),
 * with faults injected one after another at moments drawn from a recorded seed:
 *
 * <ul>
 *   <li>{@code kill}: {@code kill -9} of a runner, and a fresh one started;
 *   <li>{@code pause}: SIGSTOP of a runner for the lease TTL + 2 s, then SIGCONT;
 *   <li>{@code postgres}: PostgreSQL restarted in place ({@code scripts/services
 *       restart-postgres});
 *   <li>{@code etcd}: etcd frozen (SIGSTOP) for the lease TTL + 2 s, then SIGCONT: every runner's
 *       lease expires, it fences itself and must rejoin on its own;
 *   <li>{@code partition}: a runner's links to every other runner cut, both ways, for the lease TTL
 *       + 2 s while it still reaches PostgreSQL and etcd (each runner runs in a network namespace
 *       of its own, {@link RunnerNetwork}; the cut takes its veth to the others down);
 *   <li>{@code etcd-partition}: a runner's link to etcd cut likewise while it still reaches the
 *       other runners and PostgreSQL: its lease expires, it fences itself, the others take its
 *       shards, and it rejoins when the link is back.
 * </ul>
 *
 * Beside them, a workflow of four steps ({@link Pipeline}, each step a row in {@code step_runs}) is
 * started every second or so. The callers retry each request with its key until it is acknowledged
 * (as a careful client does). After each fault: the time until every runner serves a call again
 * (recovery). At the end: every acknowledged request took effect exactly once (lost: no row;
 * duplicated: more than one), and no two activations of one entity overlapped (the spans; a frozen
 * runner's activations end when it is frozen, since a stopped process runs nothing, and its commits
 * after waking are what fencing at the database refuses). Prints one line: {@code chaos: F faults,
 * A acknowledged, L lost, D duplicated, V fencing violations, recovery p50 X s max Y s} (also into
 * {@code target/chaos-result.txt}); fails if L, D or V is not 0.
 *
 * <p>Settings (system properties): {@code chaos=true} enables it; {@code chaos.seed} (default: the
 * time), {@code chaos.faults} (6), {@code chaos.gapSeconds} (pause between faults, 6), {@code
 * chaos.kinds} (comma-separated subset of kill,pause,postgres,etcd,partition,etcd-partition; the
 * last two need root and {@code ip}, and put the runners in network namespaces).
 */
@Tag("multi-process")
@EnabledIfSystemProperty(named = "chaos", matches = "true")
class ChaosIT {
  static final Duration TTL = Duration.ofSeconds(3);
  static final Duration OUTAGE = TTL.plusSeconds(2);
  static final int LEDGERS = 64;
  static final int CALLERS = 4;

  private final long seed = Long.getLong("chaos.seed", System.currentTimeMillis());
  private final int faults = Integer.getInteger("chaos.faults", 6);
  private final int gapSeconds = Integer.getInteger("chaos.gapSeconds", 6);
  private final List<String> kinds =
      List.of(
          System.getProperty("chaos.kinds", "kill,pause,postgres,etcd,partition,etcd-partition")
              .split(","));
  private RunnerNetwork network;

  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> workflows = ConcurrentHashMap.newKeySet();
  private final Set<Runner> paused = ConcurrentHashMap.newKeySet();
  private final AtomicLong keys = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> story = Collections.synchronizedList(new ArrayList<>());
  private RunnerCluster cluster;
  private final List<String> samples = new ArrayList<>();

  /**
   * After fault {@code f}: per runner heap after GC (MB) and threads, and the database's
   * connections: what a soak run watches for growth.
   */
  private String sample(RunnerCluster c, int f) {
    StringBuilder b = new StringBuilder("after fault " + f + ":");
    for (Runner r : servingRunners()) {
      try {
        String[] h = r.get("/resources").split(" ");
        b.append(
            String.format(" %s %.1f MB %s threads;", r.id(), Long.parseLong(h[0]) / 1e6, h[1]));
      } catch (RuntimeException e) {
        b.append(" ").append(r.id()).append(" unreachable;");
      }
    }
    b.append(
        " connections "
            + c.db
                .query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
                .get(0)
                .get(0));
    System.out.println("chaos: " + b);
    return b.toString();
  }

  @Test
  @Timeout(3600)
  void faultsLoseNothingDuplicateNothingAndHealThemselves() throws Exception {
    Random random = new Random(seed);
    System.out.println("chaos: seed " + seed);
    List<Double> recoveries = new ArrayList<>();
    int overBudget = 0;
    network = kinds.contains("partition") || kinds.contains("etcd-partition") ? network() : null;
    try (RunnerNetwork closeNetwork = network;
        RunnerCluster c = new RunnerCluster("chaos", TTL, network);
        ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
      cluster = c;
      c.start(3);
      List<Future<?>> callers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        callers.add(load.submit(this::callUntilStopped));
      }
      callers.add(load.submit(this::startWorkflowsUntilStopped));
      try {
        for (int f = 1; f <= faults; f++) {
          Thread.sleep(1000L * gapSeconds / 2 + random.nextInt(1000 * gapSeconds));
          String kind = kinds.get(random.nextInt(kinds.size()));
          Instant ended = inject(kind, random);
          double seconds = awaitFullService(ended);
          recoveries.add(seconds);
          if (c.live().size() < 3) {
            c.start(3 - c.live().size()); // a new runner for the one killed
          }
          samples.add(sample(c, f));
          boolean late = seconds > TTL.plusSeconds(2).toMillis() / 1000.0;
          overBudget += late ? 1 : 0;
          story.add(
              String.format(
                  "%d %s: recovered in %.2f s%s", f, kind, seconds, late ? " (late)" : ""));
          System.out.println("chaos: " + story.get(story.size() - 1));
        }
      } finally {
        running.set(false); // the callers stop, also when a fault failed
      }
      for (Future<?> caller : callers) {
        caller.get(5, TimeUnit.MINUTES);
      }
      awaitWorkflowsFinished(c);
      Result r = check(c);
      Collections.sort(recoveries);
      String line =
          String.format(
              "chaos: %d faults, %d acknowledged, %d lost, %d duplicated, %d fencing violations,"
                  + " recovery p50 %.1f s max %.1f s",
              faults,
              acknowledged.size(),
              r.lost,
              r.duplicated,
              r.violations,
              recoveries.isEmpty() ? 0 : recoveries.get(recoveries.size() / 2),
              recoveries.isEmpty() ? 0 : recoveries.get(recoveries.size() - 1));
      System.out.println(line);
      story.add(
          workflows.size()
              + " workflows of "
              + STEPS
              + " steps (an unfinished one counts as lost, a step run twice as duplicated)");
      System.out.println(
          "chaos: seed " + seed + "; " + overBudget + " recoveries over TTL + 2 s; " + story);
      Files.writeString(
          Path.of("target", "chaos-result.txt"),
          line
              + "\nseed "
              + seed
              + ", over budget "
              + overBudget
              + "\n"
              + String.join("\n", story)
              + "\n"
              + String.join("\n", samples)
              + "\n",
          StandardCharsets.UTF_8);
      assertEquals(
          0,
          r.lost + r.duplicated + r.violations,
          line + " (seed " + seed + ")" + r.detail + c.transcripts());
    }
  }

  /** Appends with fresh keys; each key retried (on any runner) until acknowledged. */
  private Void callUntilStopped() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      String key = "k-" + keys.incrementAndGet();
      String ledger = "ledger-" + random.nextInt(LEDGERS);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline) {
        List<Runner> live = servingRunners();
        if (live.isEmpty()) {
          sleep(100);
          continue;
        }
        try {
          live.get(random.nextInt(live.size())).get("/append?id=" + ledger + "&key=" + key);
          acknowledged.add(key);
          break;
        } catch (RuntimeException e) {
          sleep(100); // retryable or not, the same key again: at most once by idempotency
        }
      }
    }
    return null;
  }

  /** Starts a workflow of {@value #STEPS} steps every second or so, each on some runner. */
  private Void startWorkflowsUntilStopped() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int n = 1; running.get(); n++) {
      String run = "wf-" + n;
      if (startWorkflow(run, random)) {
        workflows.add(run);
      }
      sleep(500 + random.nextInt(1000));
    }
    return null;
  }

  static final int STEPS = 4;

  private boolean startWorkflow(String run, ThreadLocalRandom random) {
    List<Runner> live = servingRunners();
    if (live.isEmpty()) {
      return false;
    }
    try {
      live.get(random.nextInt(live.size()))
          .get(
              "/run?id=pipe-"
                  + (run.hashCode() & 15)
                  + "&run="
                  + run
                  + "&steps="
                  + STEPS
                  + "&pause=200");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Every workflow started (at least asked for) is started again with its id, which re-attaches to
   * the execution if there is one (idempotent by run id), until each has run all its steps.
   */
  private void awaitWorkflowsFinished(RunnerCluster c) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (Instant.now().isBefore(deadline)) {
      Set<String> done = new java.util.HashSet<>();
      for (List<Object> row :
          c.db.query(
              "SELECT run_id FROM step_runs GROUP BY run_id HAVING count(DISTINCT step) = ?",
              STEPS)) {
        done.add((String) row.get(0));
      }
      List<String> open = workflows.stream().filter(w -> !done.contains(w)).toList();
      if (open.isEmpty()) {
        return;
      }
      open.forEach(w -> startWorkflow(w, random));
      sleep(1000);
    }
  }

  private List<Runner> servingRunners() {
    return cluster.live().stream().filter(r -> !paused.contains(r)).toList();
  }

  private Instant inject(String kind, Random random) throws Exception {
    List<Runner> live = servingRunners();
    Runner victim = live.get(random.nextInt(live.size()));
    switch (kind) {
      case "kill" -> {
        // The replacement starts once the survivors have recovered (see replaceKilled).
        return cluster.kill(victim);
      }
      case "pause" -> {
        paused.add(victim);
        Instant stopped = Instant.now();
        Faults.signal("STOP", victim.jvm().pid());
        Thread.sleep(OUTAGE.toMillis());
        // A frozen process runs nothing: its activations ended when it was frozen.
        cluster.db.execute(
            "UPDATE spans SET ended_at = ? WHERE runner = ? AND ended_at IS NULL",
            Timestamp.from(stopped),
            victim.id());
        Faults.signal("CONT", victim.jvm().pid());
        paused.remove(victim);
        return Instant.now();
      }
      case "postgres" -> {
        Faults.services("restart-postgres");
        return Instant.now();
      }
      case "etcd" -> {
        long etcd = Faults.etcdPid();
        Faults.signal("STOP", etcd);
        try {
          Thread.sleep(OUTAGE.toMillis());
        } finally {
          Faults.signal("CONT", etcd);
        }
        return Instant.now();
      }
      case "partition" -> {
        network.cutPeers(victim.slot());
        try {
          Thread.sleep(OUTAGE.toMillis());
        } finally {
          network.healPeers(victim.slot());
        }
        return Instant.now();
      }
      case "etcd-partition" -> {
        long before = shardsOf(victim);
        network.cutEtcd(victim.slot());
        try {
          Thread.sleep(OUTAGE.toMillis());
          // Evidence that the cut was real: its lease expired and the others took its shards.
          story.add(
              String.format(
                  "  %s cut from etcd: %d shards before, %d at the end of the cut",
                  victim.id(), before, shardsOf(victim)));
        } finally {
          network.healEtcd(victim.slot());
        }
        return Instant.now();
      }
      default -> throw new IllegalArgumentException("unknown fault kind " + kind);
    }
  }

  /** How many shards {@code r} holds in etcd now; -1 when etcd did not answer in time. */
  private long shardsOf(Runner r) {
    try {
      return cluster.owners().values().stream().filter(r.address()::equals).count();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  /** Three runner namespaces around the test run's services. */
  private static RunnerNetwork network() throws java.io.IOException {
    if (!RunnerNetwork.available()) {
      throw new IllegalStateException(
          "the partition faults need root and `ip` (network namespaces); leave them out with"
              + " -Dchaos.kinds=kill,pause,postgres,etcd");
    }
    String pg = io.cruster.testkit.TestServices.postgresUrl();
    int pgPort = Integer.parseInt(pg.replaceFirst(".*//[^:/]+:([0-9]+)/.*", "$1"));
    int etcdPort = RunnerNetwork.port(io.cruster.testkit.TestServices.etcdEndpoints().get(0));
    return RunnerNetwork.create(3, pgPort, etcdPort);
  }

  /** Seconds from {@code since} until every serving runner has answered a call. */
  private double awaitFullService(Instant since) throws Exception {
    Map<Runner, Instant> served = new ConcurrentHashMap<>();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      List<Runner> todo = servingRunners().stream().filter(r -> !served.containsKey(r)).toList();
      if (todo.isEmpty()) {
        break;
      }
      try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Runner r : todo) {
          probes.submit(
              () -> {
                String key = "probe-" + keys.incrementAndGet();
                try {
                  r.get(
                      "/append?id=probe-"
                          + (key.hashCode() & 63)
                          + "&key="
                          + key
                          + "&timeoutMs=2000");
                  acknowledged.add(key);
                  served.put(r, Instant.now());
                } catch (RuntimeException e) {
                  sleep(50);
                }
              });
        }
      }
    }
    Instant last = served.values().stream().max(Instant::compareTo).orElse(Instant.now());
    return Math.max(0, Duration.between(since, last).toMillis() / 1000.0);
  }

  private record Result(long lost, long duplicated, long violations, String detail) {}

  private Result check(RunnerCluster c) {
    Map<String, Long> counts = new HashMap<>();
    for (List<Object> row :
        c.db.query("SELECT request_key, count(*) FROM effects GROUP BY request_key")) {
      counts.put((String) row.get(0), ((Number) row.get(1)).longValue());
    }
    List<String> lost = acknowledged.stream().filter(k -> !counts.containsKey(k)).sorted().toList();
    List<String> duplicated =
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    List<List<Object>> overlaps = c.overlappingSpans();
    return new Result(
        lost.size(),
        duplicated.size(),
        overlaps.size(),
        "\nlost: "
            + head(lost)
            + "\nduplicated: "
            + head(duplicated)
            + "\noverlaps: "
            + head(overlaps));
  }

  private static String head(List<?> items) {
    return items.size() <= 20
        ? items.toString()
        : items.subList(0, 20) + " and " + (items.size() - 20) + " more";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
