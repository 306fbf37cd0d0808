package io.cruster.samples.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.ShardId;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.testkit.ForkedJvm;
import io.cruster.testkit.FreshDatabase;
import io.cruster.testkit.TestServices;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The runners of one multi-process test: a fresh database with the application's tables, a fresh
 * etcd key prefix, and {@link RunnerApp} processes started on demand; plus, in the test's own JVM,
 * a runner that serves no shards and only calls ({@link #client()}). {@link #close()} checks that
 * no entity was ever live on two processes at once, then kills what still runs and drops the
 * database and the keys.
 */
final class RunnerCluster implements AutoCloseable {
  static final int SHARDS = ShardingConfig.DEFAULT_SHARDS_PER_GROUP;
  static final Duration START = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * One runner process, as it introduced itself; {@code slot} is its network namespace (0: none, on
   * loopback).
   */
  record Runner(
      ForkedJvm jvm, String address, String adminHost, int adminPort, String id, int slot) {
    /** GET {@code path} on its admin endpoint; throws on a status other than 200. */
    String get(String path) {
      return get(path, Map.of());
    }

    /** GET {@code path} with request headers; throws on a status other than 200. */
    String get(String path, Map<String, String> headers) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://" + adminHost + ":" + adminPort + path))
                .timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(
              jvm.name() + " " + path + ": " + r.statusCode() + " " + r.body().strip());
        }
        return r.body().strip();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(jvm.name() + " " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return jvm.name() + "@" + address;
    }
  }

  final FreshDatabase db;
  final String prefix;
  final Duration leaseTtl;
  private final Client etcd;
  private final RunnerNetwork network;
  private final List<Runner> runners = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> killedAt = new HashMap<>();
  private Sharding client;
  private int started;

  RunnerCluster(String test, Duration leaseTtl) {
    this(test, leaseTtl, null);
  }

  /**
   * With {@code network} (may be null), each runner starts in a network namespace of its own, one
   * slot of it per live runner.
   */
  RunnerCluster(String test, Duration leaseTtl, RunnerNetwork network) {
    this.network = network;
    this.db = FreshDatabase.create("cluster");
    for (String ddl : Schema.DDL) {
      db.execute(ddl);
    }
    this.prefix = "/cruster-it/" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.leaseTtl = leaseTtl;
    this.etcd =
        Client.builder().endpoints(TestServices.etcdEndpoints().toArray(String[]::new)).build();
  }

  private Map<String, String> environment(int slot) {
    Map<String, String> env = new HashMap<>();
    env.put("CLUSTER_DB_URL", db.url());
    env.put("CRUSTER_ETCD_ENDPOINTS", String.join(",", TestServices.etcdEndpoints()));
    if (slot > 0) {
      env.put("CLUSTER_DB_URL", network.jdbcUrl(slot, db.url()));
      env.put("CRUSTER_ETCD_ENDPOINTS", network.etcdEndpoint(slot));
      env.put("CRUSTER_RUNNER_ADDRESS", RunnerNetwork.peerAddress(slot) + ":0");
      env.put("CLUSTER_ADMIN_HOST", RunnerNetwork.adminAddress(slot));
    }
    env.put("CRUSTER_CLUSTER_PREFIX", prefix);
    env.put("CRUSTER_RUNNER_LEASE_TTL", leaseTtl.toString());
    env.put("CRUSTER_STORAGE_POLL_INTERVAL", "PT0.2S");
    env.put("CRUSTER_SHARD_HANDOVER_TIMEOUT", "PT5S");
    return env;
  }

  /** Starts runner processes one after the other and waits until each serves. */
  List<Runner> start(int count, Map<String, String> extraEnvironment) {
    List<ForkedJvm> jvms = new ArrayList<>();
    List<Integer> slots = freeSlots(count);
    for (int slot : slots) {
      Map<String, String> env = environment(slot);
      env.putAll(extraEnvironment);
      String name = "runner-" + (++started);
      jvms.add(
          slot > 0
              ? ForkedJvm.start(name, network.launcher(slot), RunnerApp.class, List.of(), env)
              : ForkedJvm.start(name, RunnerApp.class, List.of(), env));
    }
    List<Runner> out = new ArrayList<>();
    for (int i = 0; i < jvms.size(); i++) {
      ForkedJvm jvm = jvms.get(i);
      int slot = slots.get(i);
      ForkedJvm.Line ready = jvm.awaitLine("READY", START);
      Runner r =
          new Runner(
              jvm,
              ready.word(1),
              slot > 0 ? RunnerNetwork.adminAddress(slot) : "127.0.0.1",
              Integer.parseInt(ready.word(2)),
              ready.word(3),
              slot);
      runners.add(r);
      out.add(r);
    }
    return out;
  }

  List<Runner> start(int count) {
    return start(count, Map.of());
  }

  /** {@code count} slots for new runners: namespaces no live runner uses, or 0s without them. */
  private List<Integer> freeSlots(int count) {
    List<Integer> free = new ArrayList<>();
    if (network == null) {
      for (int i = 0; i < count; i++) {
        free.add(0);
      }
      return free;
    }
    Set<Integer> used = live().stream().map(Runner::slot).collect(Collectors.toSet());
    for (int n = 1; n <= network.slots() && free.size() < count; n++) {
      if (!used.contains(n)) {
        free.add(n);
      }
    }
    if (free.size() < count) {
      throw new IllegalStateException(
          "no free network namespace for " + count + " more runners (" + used + " in use)");
    }
    return free;
  }

  /** The runners started and not killed or stopped. */
  List<Runner> live() {
    return runners.stream().filter(r -> r.jvm().isAlive()).toList();
  }

  /** Who holds each shard's lock in etcd: the holder's address. */
  Map<ShardId, String> owners() {
    try {
      String dir = prefix + "/shards/";
      var kvs =
          etcd.getKVClient()
              .get(bytes(dir), GetOption.builder().isPrefix(true).build())
              .get(10, TimeUnit.SECONDS)
              .getKvs();
      Map<ShardId, String> out = new HashMap<>();
      for (var kv : kvs) {
        String[] key = text(kv.getKey()).substring(dir.length()).split("/");
        String value = text(kv.getValue());
        out.put(
            new ShardId(key[0], Integer.parseInt(key[1])), value.substring(0, value.indexOf('/')));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the shard locks under " + prefix, e);
    }
  }

  /**
   * Waits until every shard of the default group is locked by one of {@code live}, and returns the
   * owners.
   */
  Map<ShardId, String> awaitSettled(Collection<Runner> live, Duration within) {
    Set<String> addresses = live.stream().map(Runner::address).collect(Collectors.toSet());
    await("every shard owned by one of " + live)
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Map<ShardId, String> o = owners();
              return o.size() == SHARDS
                  && addresses.containsAll(o.values())
                  && o.values().containsAll(addresses);
            });
    return owners();
  }

  /** Shard counts per owner address. */
  static Map<String, Long> counts(Map<ShardId, String> owners) {
    return owners.values().stream().collect(Collectors.groupingBy(a -> a, Collectors.counting()));
  }

  /** The runner holding {@code shard}'s lock now. */
  Runner ownerOf(ShardId shard) {
    String address = owners().get(shard);
    return runners.stream()
        .filter(r -> r.address().equals(address) && r.jvm().isAlive())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no live runner owns " + shard));
  }

  /** The runner whose process id is {@code id}. */
  Runner byId(String id) {
    return runners.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  /** A runner in this JVM that serves no shards and only calls, started on first use. */
  Sharding client() {
    if (client == null) {
      ShardingConfig config =
          ShardingConfig.builder()
              .clusterPrefix(prefix)
              .runnerLeaseTtl(leaseTtl)
              .shardGroups(Set.of())
              .callTimeout(Duration.ofSeconds(60))
              .build();
      client =
          Sharding.builder(config)
              .jdbcUrl(db.url())
              .etcd(TestServices.etcdEndpoints().toArray(String[]::new))
              .build();
      client.register(Account.TYPE);
      client.register(Pipeline.TYPE);
      client.start();
    }
    return client;
  }

  /** kill -9: the process is gone at once; its open spans end now. */
  Instant kill(Runner r) {
    Instant at = Instant.now();
    assertEquals(ForkedJvm.KILLED, r.jvm().kill(), r + " exit status");
    killedAt.put(r.id(), at);
    db.execute(
        "UPDATE spans SET ended_at = ? WHERE runner = ? AND ended_at IS NULL",
        Timestamp.from(at),
        r.id());
    return at;
  }

  /**
   * A runner frozen at {@code stoppedAt} (SIGSTOP) could not end its activations, but ran nothing
   * for its entities after its lease deadline, {@code window} after its last renewal at the latest:
   * its spans open at the pause end there. The handler runs ({@code handler_runs}) check what it
   * ran.
   */
  void frozen(Runner r, Instant stoppedAt, Duration window) {
    Timestamp deadline = Timestamp.from(stoppedAt.plus(window));
    db.execute(
        "UPDATE spans SET ended_at = ? WHERE runner = ? AND started_at < ?"
            + " AND (ended_at IS NULL OR ended_at > ?)",
        deadline,
        r.id(),
        deadline,
        deadline);
  }

  /** SIGTERM: the runner leaves gracefully (hands its shards over) and exits. */
  void stop(Runner r) {
    r.jvm().terminate(Duration.ofSeconds(60));
    if (!r.jvm().printed("LEFT")) {
      throw new AssertionError(r + " did not leave gracefully" + r.jvm().transcript());
    }
  }

  /**
   * Every pair of activations of one entity on two processes whose time spans overlap (there must
   * be none).
   */
  List<List<Object>> overlappingSpans() {
    return db.query(
        "SELECT a.address, a.runner, a.started_at, a.ended_at, b.runner, b.started_at, b.ended_at"
            + " FROM spans a JOIN spans b ON a.address = b.address AND a.id < b.id AND a.runner <> b.runner"
            + " WHERE tstzrange(a.started_at, coalesce(a.ended_at, 'infinity')) && tstzrange(b.started_at,"
            + " coalesce(b.ended_at, 'infinity'))");
  }

  String transcripts() {
    return runners.stream().map(r -> r.jvm().transcript()).collect(Collectors.joining());
  }

  @Override
  public void close() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
      runners.forEach(r -> r.jvm().close());
      etcd.getKVClient()
          .delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build())
          .get(10, TimeUnit.SECONDS);
      etcd.close();
    } finally {
      db.close();
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static String text(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }
}
