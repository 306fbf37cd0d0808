package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.remoting.internal.RemoteCall;
import io.cruster.remoting.internal.RemoteException;
import io.cruster.remoting.internal.RemoteFailure;
import io.cruster.remoting.internal.RunnerClient;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.NotCallableException;
import io.cruster.sharding.Private;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.internal.ShardHash;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Several {@link Sharding} runners in one JVM against the real etcd, calling each other over real
 * gRPC on loopback, sharing one in-memory storage (the multi-process suite in samples/cluster-tests
 * uses PostgreSQL and kill -9).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardingIT {
  private static final int SHARDS = 128;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * A tally per id: a public activity adds, an rpc reads, a private activity may only be run by the
   * entity.
   */
  record Tally(int total) {}

  @Public
  record Add(int amount) implements Activity<Integer> {}

  record Get() implements Rpc<Integer> {}

  @Private
  record Reset() implements Activity<Integer> {}

  static final EntityType<Tally> TALLY =
      EntityType.define("Tally", Tally.class)
          .init(ctx -> new Tally(0))
          .activity(
              Add.class,
              (ctx, m) -> {
                ctx.setState(new Tally(ctx.state().total() + m.amount()));
                return ctx.state().total();
              })
          .activity(
              Reset.class,
              (ctx, m) -> {
                ctx.setState(new Tally(0));
                return 0;
              })
          .rpc(Get.class, (ctx, m) -> ctx.state().total())
          .build();

  /**
   * A workflow of numbered steps with a durable pause after each; the runs of each step are counted
   * in {@link #RUNS}.
   */
  record Progress(int steps) {}

  @Public
  record RunJob(int steps, long pauseMillis) implements io.cruster.sharding.Workflow<Integer> {}

  record Step(int n) implements Activity<Integer> {}

  /** How many times each step ran, by entity id and step: committed or not, any runner. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  static final EntityType<Progress> JOB =
      EntityType.define("Job", Progress.class)
          .init(ctx -> new Progress(0))
          .workflow(
              RunJob.class,
              (ctx, m) -> {
                for (int i = 1; i <= m.steps(); i++) {
                  ctx.run(new Step(i));
                  ctx.sleep(Duration.ofMillis(m.pauseMillis()));
                }
                return m.steps();
              })
          .activity(
              Step.class,
              (ctx, m) -> {
                RUNS.computeIfAbsent(ctx.entityId() + "/" + m.n(), k -> new AtomicInteger())
                    .incrementAndGet();
                ctx.setState(new Progress(ctx.state().steps() + 1));
                return m.n();
              })
          .build();

  private final Storage storage = Storages.inMemory();
  private final List<Sharding> runners = new ArrayList<>();
  private String prefix;
  private Client admin;

  @BeforeEach
  void setUp(TestInfo test) {
    prefix = TestEtcd.uniquePrefix(test.getTestMethod().orElseThrow().getName());
    admin = TestEtcd.client();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Sharding r : runners) {
      r.close();
    }
    TestEtcd.deletePrefix(admin, prefix);
    admin.close();
    storage.close();
  }

  private Sharding start() {
    return start(TestEtcd.endpoints().toArray(String[]::new));
  }

  private Sharding start(String... etcd) {
    ShardingConfig config =
        ShardingConfig.builder()
            .shardsPerGroup(SHARDS)
            .clusterPrefix(prefix)
            .runnerLeaseTtl(Duration.ofSeconds(4))
            .shardHandoverTimeout(Duration.ofSeconds(3))
            .callTimeout(WAIT)
            .build();
    Sharding runner = Sharding.builder(config).storage(storage).etcd(etcd).build();
    runner.register(TALLY);
    runner.register(JOB);
    runners.add(runner);
    return runner.start();
  }

  private void awaitEveryShardServedOnce() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              int served = runners.stream().mapToInt(r -> r.status().servedShards()).sum();
              assertEquals(SHARDS, served, "shards served over all runners");
              assertEquals(
                  SHARDS, TestEtcd.keys(admin, prefix + "/shards/").size(), "shard locks in etcd");
            });
  }

  @Test
  void threeRunnersSplitTheShardsAndEveryRunnerReachesEveryEntity() {
    Sharding a = start();
    Sharding b = start();
    Sharding c = start();
    awaitEveryShardServedOnce();
    for (Sharding r : List.of(a, b, c)) {
      assertTrue(
          r.status().servedShards() > SHARDS / 6,
          "each runner serves a fair share: " + r.status().render());
    }
    List<EntityClient> clients = List.of(a.client(TALLY), b.client(TALLY), c.client(TALLY));
    for (int i = 0; i < 60; i++) {
      assertEquals(i + 1, clients.get(i % 3).call("t-" + i, new Add(i + 1)));
    }
    for (int i = 0; i < 60; i++) {
      for (EntityClient client : clients) {
        assertEquals(
            i + 1, client.call("t-" + i, new Get()), "t-" + i + " read through every runner");
      }
    }
    int live =
        runners.stream().mapToInt(r -> r.status().liveEntities().getOrDefault("Tally", 0)).sum();
    assertEquals(60, live, "each entity lives on exactly one runner");
  }

  @Test
  void aRunnerLeavingGracefullyHandsItsShardsOverWithoutFailingPersistedCalls() throws Exception {
    Sharding a = start();
    start();
    Sharding c = start();
    awaitEveryShardServedOnce();
    EntityClient tallies = a.client(TALLY);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int caller = t;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; running.get(); i++) {
                      String id = "h-" + ((caller * 7919 + i) % 40);
                      try {
                        tallies.call(id, new Add(1));
                        sent.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        ok.incrementAndGet();
                      } catch (RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    await().atMost(WAIT).until(() -> ok.get() > 200);
    runners.remove(c);
    c.close();
    int atLeave = ok.get();
    await().atMost(WAIT).until(() -> ok.get() > atLeave + 200);
    running.set(false);
    for (Thread t : callers) {
      t.join();
    }
    assertEquals(List.of(), failures, "no persisted call failed while shards moved");
    awaitEveryShardServedOnce();
    for (Map.Entry<String, AtomicInteger> e : sent.entrySet()) {
      assertEquals(
          e.getValue().get(),
          tallies.call(e.getKey(), new Get()),
          e.getKey() + ": every add applied once");
    }
  }

  @Test
  void aWorkflowWhoseRunnerLeavesGracefullyFinishesOnTheNextOwnerWithEachStepOnce()
      throws Exception {
    Sharding leaving = start();
    Sharding staying = start();
    awaitEveryShardServedOnce();
    String leaver = leaving.address().orElseThrow();
    Map<String, String> locks = TestEtcd.keys(admin, prefix + "/shards/");
    String id = null;
    for (int i = 0; id == null; i++) {
      ShardId shard = ShardHash.shardOf("default", "job-" + i, SHARDS);
      if (locks.get(prefix + "/shards/default/" + shard.id()).startsWith(leaver + "/")) {
        id = "job-" + i;
      }
    }
    String job = id;
    java.util.concurrent.CompletableFuture<Integer> done =
        staying.client(JOB).callAsync(job, new RunJob(6, 300));
    await().atMost(WAIT).until(() -> RUNS.containsKey(job + "/2"));
    runners.remove(leaving);
    leaving.close(); // hands the shard over while the workflow sleeps or runs a step

    assertEquals(6, done.get(60, TimeUnit.SECONDS));
    for (int n = 1; n <= 6; n++) {
      assertEquals(1, RUNS.get(job + "/" + n).get(), "step " + n + " ran once");
    }
  }

  @Test
  void weightZeroDrainsARunnerThatKeepsCallingAndAWeightTakesShardsBack() {
    Sharding drained = start();
    Sharding other = start();
    awaitEveryShardServedOnce();
    assertEquals(1, drained.client(TALLY).call("w-1", new Add(1)));

    drained.weight(0);
    await()
        .atMost(WAIT)
        .until(
            () -> other.status().servedShards() == SHARDS && drained.status().servedShards() == 0);
    assertEquals(
        2,
        drained.client(TALLY).call("w-1", new Add(1)),
        "a drained runner still calls any entity");
    assertTrue(
        other.status().render().contains(drained.address().orElseThrow() + " "),
        "it is still a member");

    drained.weight(1);
    await().atMost(WAIT).until(() -> drained.status().servedShards() > 0);
    awaitEveryShardServedOnce();
    assertEquals(3, other.client(TALLY).call("w-1", new Add(1)));
    assertThrows(io.cruster.actors.ConfigException.class, () -> drained.weight(-1));
  }

  @Test
  void aSingletonRunsOnExactlyOneRunnerAndMovesWhenItLeaves() {
    Set<String> runningOn = ConcurrentHashMap.newKeySet();
    List<Sharding> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Sharding r = start();
      String address = r.address().orElseThrow();
      r.singleton(
          "leader",
          ctx -> {
            runningOn.add(address);
            try {
              while (ctx.isActive()) {
                ctx.sleep(Duration.ofMillis(50));
              }
            } finally {
              runningOn.remove(address);
            }
          });
      three.add(r);
    }
    awaitEveryShardServedOnce();
    await().atMost(WAIT).until(() -> runningOn.size() == 1);
    String first = runningOn.iterator().next();
    Sharding holder =
        three.stream()
            .filter(r -> r.address().orElseThrow().equals(first))
            .findFirst()
            .orElseThrow();
    assertEquals(Set.of("leader"), holder.status().singletons());
    runners.remove(holder);
    holder.close();
    await().atMost(WAIT).until(() -> runningOn.size() == 1 && !runningOn.contains(first));
  }

  @Test
  void aRunnerCutOffFromEtcdStopsServingBeforeAnotherTakesItsShardsAndRejoinsWhenHealed()
      throws Exception {
    String direct = TestEtcd.endpoints().get(0);
    int etcdPort = Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1).replace("/", ""));
    try (TcpProxy proxy = new TcpProxy(etcdPort)) {
      Sharding cutOff = start("http://127.0.0.1:" + proxy.port());
      Sharding other = start();
      awaitEveryShardServedOnce();
      String before = cutOff.status().runner();
      assertTrue(cutOff.status().servedShards() > 0);

      proxy.cut();
      long cutAt = System.nanoTime();
      long[] stoppedAt = {0};
      long[] tookOverAt = {0};
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                long now = System.nanoTime();
                if (stoppedAt[0] == 0 && cutOff.status().servedShards() == 0) {
                  stoppedAt[0] = now;
                }
                if (tookOverAt[0] == 0 && other.status().servedShards() == SHARDS) {
                  tookOverAt[0] = now; // it serves the shards of the cut-off runner too
                }
                return stoppedAt[0] != 0 && tookOverAt[0] != 0;
              });
      System.out.printf(
          "cut off from etcd: stopped serving after %d ms, the other took over after %d ms%n",
          (stoppedAt[0] - cutAt) / 1_000_000, (tookOverAt[0] - cutAt) / 1_000_000);
      assertTrue(
          stoppedAt[0] < tookOverAt[0],
          "the cut-off runner stopped serving before the other took its shards");
      proxy.heal();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertTrue(
                    cutOff.status().servedShards() > 0,
                    "serves again: " + cutOff.status().render());
                assertTrue(!cutOff.status().runner().equals(before), "as a new incarnation");
              });
      awaitEveryShardServedOnce();
      assertEquals(1, other.client(TALLY).call("after-heal", new Add(1)));
    }
  }

  @Test
  void theInstrumentationHearsOfCallsActivationsAndShardMovesAndHealthFollowsTheRunner() {
    Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
    List<Boolean> remoteFlags = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.cruster.sharding.spi.Instrumentation listener =
        new io.cruster.sharding.spi.Instrumentation() {
          @Override
          public io.cruster.sharding.spi.Observation call(
              String entityType, String entityId, String tag, String kind, boolean remote) {
            remoteFlags.add(remote);
            return new io.cruster.sharding.spi.Observation() {
              @Override
              public void end(Throwable error) {
                events
                    .computeIfAbsent(
                        "call " + entityType + (error != null ? " failed" : ""),
                        k -> new AtomicInteger())
                    .incrementAndGet();
              }
            };
          }

          @Override
          public void entityActivated(String entityType, String entityId) {
            events.computeIfAbsent("activated", k -> new AtomicInteger()).incrementAndGet();
          }

          @Override
          public void shardsMoved(int acquired, int released) {
            events.computeIfAbsent("acquired", k -> new AtomicInteger()).addAndGet(acquired);
            events.computeIfAbsent("released", k -> new AtomicInteger()).addAndGet(released);
          }
        };
    ShardingConfig config =
        ShardingConfig.builder()
            .shardsPerGroup(SHARDS)
            .clusterPrefix(prefix)
            .runnerLeaseTtl(Duration.ofSeconds(4))
            .callTimeout(WAIT)
            .build();
    Sharding measured =
        Sharding.builder(config)
            .storage(storage)
            .etcd(TestEtcd.endpoints().toArray(String[]::new))
            .instrumentation(listener)
            .build();
    measured.register(TALLY);
    runners.add(measured);
    assertEquals(io.cruster.sharding.Health.Status.DOWN, measured.health().status());
    measured.start();
    awaitEveryShardServedOnce();
    await()
        .atMost(WAIT)
        .until(() -> measured.health().status() == io.cruster.sharding.Health.Status.UP);
    assertEquals(
        List.of("node", "etcd lease", "shards", "storage"),
        measured.health().checks().stream().map(io.cruster.sharding.Health.Check::name).toList());
    assertEquals(SHARDS, events.get("acquired").get());
    for (int i = 0; i < 10; i++) {
      measured.client(TALLY).call("m-" + i, new Add(1));
    }
    assertEquals(10, events.get("call Tally").get());
    assertEquals(10, events.get("activated").get());
    assertEquals(List.of(false), remoteFlags.stream().distinct().toList(), "every call was local");
    start();
    await()
        .atMost(WAIT)
        .until(() -> events.containsKey("released") && events.get("released").get() > 0);
    awaitEveryShardServedOnce();
    assertEquals(SHARDS - measured.status().servedShards(), events.get("released").get());
    measured.close();
    assertEquals(io.cruster.sharding.Health.Status.DOWN, measured.health().status());
  }

  @Test
  void runnersConfiguredWithTlsCallEachOtherOverIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    io.cruster.remoting.testing.TestCertificates tls =
        io.cruster.remoting.testing.TestCertificates.create(dir);
    ShardingConfig config =
        ShardingConfig.builder()
            .shardsPerGroup(SHARDS)
            .clusterPrefix(prefix)
            .runnerLeaseTtl(Duration.ofSeconds(4))
            .callTimeout(WAIT)
            .build();
    Sharding serving =
        Sharding.builder(config)
            .storage(storage)
            .etcd(TestEtcd.endpoints().toArray(String[]::new))
            .tls(tls.cert(), tls.key(), tls.cert())
            .build();
    serving.register(TALLY);
    runners.add(serving);
    serving.start();
    awaitEveryShardServedOnce();
    Sharding calling =
        Sharding.builder(
                ShardingConfig.builder()
                    .shardsPerGroup(SHARDS)
                    .clusterPrefix(prefix)
                    .runnerLeaseTtl(Duration.ofSeconds(4))
                    .callTimeout(WAIT)
                    .shardGroups(Set.of())
                    .build())
            .storage(storage)
            .etcd(TestEtcd.endpoints().toArray(String[]::new))
            .tls(tls.cert(), tls.key(), tls.cert())
            .build();
    calling.register(TALLY);
    runners.add(calling);
    calling.start();
    assertEquals(
        3, calling.client(TALLY).call("tls-1", new Add(3)), "a call across runners over TLS");
    assertEquals(3, calling.client(TALLY).call("tls-1", new Get()));
    // A plaintext client cannot talk to a TLS runner.
    try (RunnerClient plaintext =
        RunnerClient.connect(TransportSettings.defaults(), serving.address().orElseThrow())) {
      throw new AssertionError("a plaintext handshake with a TLS runner succeeded");
    } catch (RemoteException expected) {
      assertEquals(RemoteFailure.Kind.UNAVAILABLE, expected.kind(), expected.getMessage());
    }
  }

  @Test
  void aRunnerWithoutADatabaseOrWithABadEtcdEndpointIsRefusedBeforeItStarts() {
    ShardingConfig config = ShardingConfig.builder().clusterPrefix(prefix).build();
    io.cruster.actors.ConfigException noDb =
        assertThrows(
            io.cruster.actors.ConfigException.class, () -> Sharding.builder(config).build());
    assertTrue(noDb.getMessage().contains("database"), noDb.getMessage());
    io.cruster.actors.ConfigException badEtcd =
        assertThrows(
            io.cruster.actors.ConfigException.class,
            () -> Sharding.builder(config).etcd("etcd-without-scheme:2379"));
    assertTrue(badEtcd.getMessage().contains("etcd-without-scheme:2379"), badEtcd.getMessage());
    assertThrows(io.cruster.actors.ConfigException.class, () -> Sharding.builder(config).etcd());
  }

  @Test
  void aRunnerThatCannotReachEtcdFailsToStartNamingTheEndpoint() {
    ShardingConfig config = ShardingConfig.builder().clusterPrefix(prefix).build();
    Sharding runner =
        Sharding.builder(config)
            .storage(storage)
            .etcd("http://127.0.0.1:9")
            .startupTimeout(Duration.ofSeconds(2))
            .build();
    runners.add(runner);
    io.cruster.actors.CrusterException e =
        assertThrows(io.cruster.actors.CrusterException.class, runner::start);
    assertTrue(e.getMessage().contains("http://127.0.0.1:9"), e.getMessage());
    assertEquals(java.util.Optional.empty(), runner.address(), "its server was closed again");
  }

  @Test
  void aRunnerWhoseAddressIsTakenFailsToStartNamingIt() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ShardingConfig config =
          ShardingConfig.builder()
              .clusterPrefix(prefix)
              .runnerAddress("127.0.0.1:" + taken.getLocalPort())
              .build();
      Sharding runner =
          Sharding.builder(config)
              .storage(storage)
              .etcd(TestEtcd.endpoints().toArray(String[]::new))
              .build();
      runners.add(runner);
      io.cruster.actors.CrusterException e =
          assertThrows(io.cruster.actors.CrusterException.class, runner::start);
      assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
    }
  }

  @Test
  void badInputOverTheWireIsRefusedAndTheRunnerKeepsServing() {
    Sharding a = start();
    awaitEveryShardServedOnce();
    String id = "wire-1";
    ShardId shard = ShardHash.shardOf("default", id, SHARDS);
    EntityAddress address = new EntityAddress("Tally", id);
    try (RunnerClient raw =
        RunnerClient.connect(TransportSettings.defaults(), a.address().orElseThrow())) {
      byte[] add = encoded(new Add(1));
      String addTag = tag(Add.class);
      String getTag = tag(Get.class);
      assertKind(
          RemoteFailure.Kind.UNKNOWN_TYPE,
          raw,
          RemoteCall.builder(new EntityAddress("Nope", id), shard, addTag)
              .payload(add)
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.UNKNOWN_MESSAGE,
          raw,
          RemoteCall.builder(address, shard, "NoSuchTag")
              .payload(add)
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          raw,
          RemoteCall.builder(address, shard, getTag)
              .payload(new byte[] {1, 2, 3, 4, 5})
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          raw,
          RemoteCall.builder(address, shard, getTag)
              .payload(encoded(new Get()))
              .header("cruster-kind", "teleport")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          raw,
          RemoteCall.builder(address, new ShardId("default", (shard.id() + 1) % SHARDS), getTag)
              .payload(encoded(new Get()))
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          raw,
          RemoteCall.builder(address, shard, addTag)
              .payload(add)
              .header("cruster-kind", "deliver")
              .build());
      assertKind(
          RemoteFailure.Kind.TOO_LARGE,
          raw,
          RemoteCall.builder(address, shard, getTag)
              .payload(new byte[ShardingConfig.DEFAULT_MAX_MESSAGE_BYTES + 128 * 1024])
              .header("cruster-kind", "rpc")
              .build());
    }
    assertThrows(NotCallableException.class, () -> a.client(TALLY).call(id, new Reset()));
    assertEquals(1, a.client(TALLY).call(id, new Add(1)), "the runner still serves");
  }

  private static byte[] encoded(Object message) {
    return io.cruster.sharding.internal.Models.of(TALLY).serializer().toBytes(message);
  }

  private static String tag(Class<?> message) {
    return io.cruster.sharding.internal.Models.of(TALLY).handler(message).orElseThrow().tag();
  }

  private static void assertKind(RemoteFailure.Kind kind, RunnerClient client, RemoteCall call) {
    RemoteException e = assertThrows(RemoteException.class, () -> client.call(call));
    assertEquals(kind, e.kind(), e.getMessage());
  }
}
