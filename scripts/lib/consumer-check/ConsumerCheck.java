package example.consumer;

import io.cruster.sharding.Activity;
import io.cruster.sharding.ClusterStatus;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Sharding;
import io.cruster.sharding.ShardingConfig;
import io.cruster.testkit.FreshDatabase;
import io.cruster.testkit.TestCluster;
import io.cruster.testkit.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A user's program, built outside the Cruster reactor by scripts/consumer-check: a TestCluster
 * call, then three Sharding runners in this JVM on the test services (CRUSTER_PG_URL,
 * CRUSTER_ETCD_ENDPOINTS) calling each other's entities over gRPC. Exits 0 when every call
 * answered and every runner served some of them, 1 otherwise, with one line saying why.
 */
public final class ConsumerCheck {
  private static final int RUNNERS = 3;
  private static final int ENTITIES = 60;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  /** What a visit returns: the runner that served it and how many visits the entity has had. */
  public record Visited(String runner, int visits) {}

  public record Visits(int count) {}

  @Public
  public record Visit() implements Activity<Visited> {}

  public record Count() implements Rpc<Integer> {}

  /** The same entity type on every runner; each copy answers with the name of its runner. */
  static EntityType<Visits> visitor(String runner) {
    return EntityType.define("Visitor", Visits.class)
        .init(ctx -> new Visits(0))
        .activity(
            Visit.class,
            (ctx, m) -> {
              ctx.setState(new Visits(ctx.state().count() + 1));
              return new Visited(runner, ctx.state().count());
            })
        .rpc(Count.class, (ctx, m) -> ctx.state().count())
        .build();
  }

  public static void main(String[] args) {
    int rc;
    try {
      testCluster();
      threeRunners();
      System.out.println("consumer-check: program passed");
      rc = 0;
    } catch (Throwable t) {
      System.out.println("consumer-check: program FAILED: " + t);
      t.printStackTrace(System.out);
      rc = 1;
    }
    System.exit(rc); // transport and pool threads must not keep a failed check alive
  }

  private static void testCluster() {
    try (TestCluster cluster = TestCluster.create()) {
      EntityClient visitors = cluster.register(visitor("test-cluster"));
      visitors.call("v-1", new Visit());
      Visited v = visitors.call("v-1", new Visit());
      check(v.visits() == 2, "TestCluster: expected 2 visits, got " + v);
      System.out.println("consumer-check: TestCluster answered " + v);
    }
  }

  private static void threeRunners() {
    String prefix =
        "/consumer-check-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String[] etcd = TestServices.etcdEndpoints().toArray(String[]::new);
    List<Sharding> runners = new ArrayList<>();
    try (FreshDatabase db = FreshDatabase.create("consumer_check")) {
      try {
        ShardingConfig config =
            ShardingConfig.builder()
                .clusterPrefix(prefix)
                .shardsPerGroup(64)
                .callTimeout(CALL_TIMEOUT)
                .build();
        List<EntityClient> clients = new ArrayList<>();
        for (int i = 0; i < RUNNERS; i++) {
          Sharding r = Sharding.builder(config).jdbcUrl(db.url()).etcd(etcd).build();
          runners.add(r);
          clients.add(r.register(visitor("runner-" + i)));
        }
        for (Sharding r : runners) {
          r.start();
        }
        awaitMembers(runners);
        Map<String, Integer> servedBy = new TreeMap<>();
        int crossed = 0;
        for (int caller = 0; caller < RUNNERS; caller++) {
          for (int e = 0; e < ENTITIES; e++) {
            Visited v = clients.get(caller).call("v-" + e, new Visit());
            servedBy.merge(v.runner(), 1, Integer::sum);
            if (!v.runner().equals("runner-" + caller)) {
              crossed++;
            }
          }
        }
        int total = clients.get(1).call("v-0", new Count());
        check(total == RUNNERS, "entity v-0 counted " + total + " visits, expected " + RUNNERS);
        System.out.println(
            "consumer-check: "
                + RUNNERS * ENTITIES
                + " calls, "
                + crossed
                + " crossed runners; served by "
                + servedBy);
        for (int i = 0; i < RUNNERS; i++) {
          check(
              servedBy.getOrDefault("runner-" + i, 0) > 0,
              "runner-" + i + " served no call: " + servedBy);
        }
        check(crossed > 0, "no call crossed runners");
      } finally {
        for (Sharding r : runners) {
          r.close();
        }
      }
    }
  }

  /** Waits until every runner sees all of them, so that calls spread over all three. */
  private static void awaitMembers(List<Sharding> runners) {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    while (true) {
      boolean all = true;
      for (Sharding r : runners) {
        ClusterStatus s = r.status();
        all &= s.runners().size() == runners.size() && s.servedShards() > 0;
      }
      if (all) {
        return;
      }
      check(Instant.now().isBefore(deadline), "runners did not see each other in " + SETTLE_TIMEOUT);
      try {
        Thread.sleep(100); // polling a status, as an operator would
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
