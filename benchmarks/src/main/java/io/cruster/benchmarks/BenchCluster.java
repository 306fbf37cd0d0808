package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * One cluster of the cluster suite: a fresh etcd key prefix ({@code /cruster-bench-<random>}) on
 * the etcd of {@code CRUSTER_ETCD_ENDPOINTS} (from the environment or {@code .services/env}, see
 * {@link ServicesEnv}), the run's database, node JVMs ({@link NodeProcess}) and client-only runners
 * in the harness's JVM. It reads shard ownership from etcd ({@code <prefix>/shards/default/<id>} =
 * {@code <address>/<incarnation>}) and waits until the cluster has settled. {@link #close()} kills
 * the nodes still running, closes the harness's runners and deletes the prefix.
 */
final class BenchCluster implements AutoCloseable {
  static final String ETCD_VARIABLE = "CRUSTER_ETCD_ENDPOINTS";

  /** Every runner of the suite uses the default shard count and group. */
  static final int SHARDS = ShardingConfig.DEFAULT_SHARDS_PER_GROUP;

  /** The lease TTL of the runners of the scenarios that do not time a failover. */
  static final Duration DEFAULT_LEASE_TTL = ShardingConfig.DEFAULT_RUNNER_LEASE_TTL;

  private static final String GROUP = ShardingConfig.DEFAULT_SHARD_GROUP;
  private static final Duration ETCD_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String jdbcUrl;
  private final List<String> etcdEndpoints;
  private final String prefix;
  private final Duration leaseTtl;
  private final Client etcd;
  private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
  private final List<Sharding> callers = new CopyOnWriteArrayList<>();

  private BenchCluster(String jdbcUrl, List<String> etcdEndpoints, Duration leaseTtl) {
    this.jdbcUrl = jdbcUrl;
    this.etcdEndpoints = etcdEndpoints;
    this.prefix = "/cruster-bench-" + UUID.randomUUID().toString().substring(0, 8);
    this.leaseTtl = leaseTtl;
    this.etcd = Client.builder().endpoints(etcdEndpoints.toArray(String[]::new)).build();
  }

  /**
   * A cluster on a fresh prefix whose runners store in {@code jdbcUrl} and hold leases of {@code
   * leaseTtl}.
   */
  static BenchCluster create(String jdbcUrl, List<String> etcdEndpoints, Duration leaseTtl) {
    return new BenchCluster(jdbcUrl, etcdEndpoints, leaseTtl);
  }

  /**
   * The etcd endpoints of {@code CRUSTER_ETCD_ENDPOINTS} (comma-separated).
   *
   * @throws BenchDatabase.UnavailableException when neither the environment nor a {@code
   *     .services/env} sets it
   */
  static List<String> etcdEndpoints() {
    ServicesEnv.Value found =
        ServicesEnv.find(ETCD_VARIABLE)
            .orElseThrow(
                () ->
                    new BenchDatabase.UnavailableException(
                        "no etcd to run against: "
                            + ETCD_VARIABLE
                            + " is not set and no .services/env was found from "
                            + ServicesEnv.searched()
                            + ". Start one with `scripts/services start`, or set "
                            + ETCD_VARIABLE
                            + ".",
                        null));
    return Arrays.stream(found.value().split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  String prefix() {
    return prefix;
  }

  Duration leaseTtl() {
    return leaseTtl;
  }

  /**
   * Starts {@code n} node JVMs side by side and waits, bounded, until each has joined; named {@code
   * node-1...}.
   */
  List<NodeProcess> startNodes(int n, NodeProcess.Jvm jvm, boolean rawGrpc) {
    List<String> args =
        new ArrayList<>(
            List.of(
                jdbcUrl,
                String.join(",", etcdEndpoints),
                prefix,
                Long.toString(leaseTtl.toSeconds())));
    if (rawGrpc) {
      args.add(ClusterNode.RAW_GRPC);
    }
    List<NodeProcess> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeProcess node = NodeProcess.start("node-" + (nodes.size() + 1), jvm, args);
      nodes.add(node);
      started.add(node);
    }
    started.forEach(NodeProcess::awaitReady);
    return started;
  }

  /**
   * A runner in this JVM that hosts no shard (it only calls), started; closed by the caller or with
   * the cluster.
   */
  Sharding startCaller() {
    ShardingConfig config =
        ShardingConfig.builder()
            .shardGroups(Set.of())
            .clusterPrefix(prefix)
            .runnerLeaseTtl(leaseTtl)
            .build();
    Sharding.Builder builder =
        Sharding.builder(config).jdbcUrl(jdbcUrl).etcd(etcdEndpoints.toArray(String[]::new));
    BenchInstrumentation.instrumentations().forEach(builder::instrumentation);
    Sharding runner = builder.build();
    runner.register(EchoEntity.TYPE);
    callers.add(runner);
    return runner.start();
  }

  /**
   * The owner's address of each locked shard of the default group, by shard id, as etcd has it now.
   */
  Map<Integer, String> owners() {
    String dir = prefix + "/shards/" + GROUP + "/";
    try {
      List<KeyValue> kvs =
          etcd.getKVClient()
              .get(bytes(dir), GetOption.builder().isPrefix(true).build())
              .get(ETCD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getKvs();
      Map<Integer, String> owners = new HashMap<>();
      for (KeyValue kv : kvs) {
        String value = kv.getValue().toString(StandardCharsets.UTF_8);
        owners.put(
            Integer.parseInt(kv.getKey().toString(StandardCharsets.UTF_8).substring(dir.length())),
            value.substring(0, value.indexOf('/')));
      }
      return owners;
    } catch (Exception e) {
      throw new ScenarioFailedException(
          "reading the shard locks under " + dir + " from etcd failed: " + e, e);
    }
  }

  /**
   * Waits, bounded, until the cluster has settled on exactly the runners of {@code live}: every
   * shard locked, by the runner the assignment (as {@code observer} sees it) gives it to, and no
   * other runner assigned any. Returns the ownership then.
   */
  Map<Integer, String> awaitSettled(Sharding observer, List<NodeProcess> live, Duration timeout) {
    Set<String> want = live.stream().map(NodeProcess::address).collect(Collectors.toSet());
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      Map<Integer, String> owners = owners();
      Map<String, Long> held =
          new TreeMap<>(
              owners.values().stream()
                  .collect(Collectors.groupingBy(a -> a, Collectors.counting())));
      Map<String, Long> assigned = new TreeMap<>();
      for (ClusterStatus.Runner r : observer.status().runners()) {
        if (r.assignedShards() > 0) {
          assigned.put(r.address(), (long) r.assignedShards());
        }
      }
      if (owners.size() == SHARDS && held.keySet().equals(want) && held.equals(assigned)) {
        return owners;
      }
      last = "locks held " + held + ", assigned " + assigned + ", expected runners " + want;
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new ScenarioFailedException(
        "the cluster did not settle within " + timeout.toSeconds() + " s: " + last);
  }

  /** Closes the harness's runners, kills the nodes still running, deletes the prefix from etcd. */
  @Override
  public void close() {
    for (Sharding caller : callers) {
      try {
        caller.close();
      } catch (RuntimeException e) {
        System.err.println("warning: closing a caller runner failed: " + e);
      }
    }
    nodes.forEach(NodeProcess::close);
    try {
      etcd.getKVClient()
          .delete(bytes(prefix + "/"), DeleteOption.builder().isPrefix(true).build())
          .get(ETCD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("warning: could not delete " + prefix + " from etcd: " + e);
    }
    etcd.close();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
