package io.cruster.benchmarks;

import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.grpc.Server;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A runner JVM of the cluster suite, started by {@link NodeProcess} with the harness's {@code java}
 * and class path: a {@link Sharding} runner on loopback (a free port) hosting every shard of the
 * default group, with {@link EchoEntity} registered, and with {@code raw-grpc} also the raw gRPC
 * echo server of {@link RawGrpc} (a free port). Once both listen it prints {@value #READY} with
 * their ports on stdout; when its stdin ends (the harness closes it, or dies) it leaves the cluster
 * gracefully ({@code close()}: its shards are handed over), prints {@value #LEFT} with how long
 * that took, and exits. A {@code kill -9} from the harness ends it without either.
 *
 * <pre>ClusterNode jdbcUrl etcdEndpoints clusterPrefix leaseTtlSeconds [raw-grpc]</pre>
 *
 * ({@code etcdEndpoints} comma-separated). {@code ClusterNode raw-grpc-only} runs the raw echo
 * server alone (the raw gRPC side of the calls scenarios, so no runner shares its JVM).
 */
final class ClusterNode {
  static final String READY = "node-ready";
  static final String LEFT = "node-left";
  static final String RAW_GRPC = "raw-grpc";

  /** The only argument of a node that runs the raw gRPC echo server and no runner. */
  static final String RAW_GRPC_ONLY = "raw-grpc-only";

  private ClusterNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals(RAW_GRPC_ONLY)) {
      rawOnly();
      return;
    }
    if (args.length < 4) {
      System.err.println(
          "usage: ClusterNode jdbcUrl etcdEndpoints clusterPrefix leaseTtlSeconds ["
              + RAW_GRPC
              + "]");
      System.exit(2);
    }
    ShardingConfig config =
        ShardingConfig.builder()
            .clusterPrefix(args[2])
            .runnerLeaseTtl(Duration.ofSeconds(Long.parseLong(args[3])))
            .build();
    Sharding.Builder builder = Sharding.builder(config).jdbcUrl(args[0]).etcd(args[1].split(","));
    BenchInstrumentation.instrumentations().forEach(builder::instrumentation);
    Sharding runner = builder.build();
    runner.register(EchoEntity.TYPE);
    runner.start();
    String address = runner.address().orElseThrow();
    EchoEntity.runnerAddress = address;
    Server raw = args.length > 4 && args[4].equals(RAW_GRPC) ? RawGrpc.startServer() : null;
    System.out.println(READY + " address=" + address + " raw=" + (raw == null ? 0 : raw.getPort()));
    System.out.flush();
    while (System.in.read() != -1) {
      // nothing is sent on stdin; its end is the signal to leave
    }
    long start = System.nanoTime();
    runner.close();
    System.out.printf(Locale.ROOT, "%s millis=%d%n", LEFT, (System.nanoTime() - start) / 1_000_000);
    System.out.flush();
    if (raw != null) {
      raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** The raw echo server alone: ready at once, exits when stdin ends. */
  private static void rawOnly() throws Exception {
    Server raw = RawGrpc.startServer();
    System.out.println(READY + " address=none raw=" + raw.getPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // nothing is sent on stdin; its end is the signal to stop
    }
    System.out.printf(Locale.ROOT, "%s millis=0%n", LEFT);
    System.out.flush();
    raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    System.exit(0);
  }
}
