package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request whose deliveries keep failing is dead-lettered, listed, and runs once re-driven after
 * the fix.
 */
@Timeout(30)
class DeadLetterRedriveTest {
  static final AtomicBoolean BROKEN = new AtomicBoolean(true);

  record Box(int value) {}

  @Public
  record Put(int value) implements Activity<Integer> {}

  record Get() implements Rpc<Integer> {}

  static final EntityType<Box> FRAGILE =
      EntityType.define("Fragile", Box.class)
          .init(
              ctx -> {
                if (BROKEN.get()) {
                  throw new IllegalStateException("the database of this entity is not ready");
                }
                return new Box(0);
              })
          .activity(
              Put.class,
              (ctx, m) -> {
                ctx.setState(new Box(m.value()));
                return m.value();
              })
          .rpc(Get.class, (ctx, m) -> ctx.state().value())
          .build();

  private final TestCluster cluster =
      TestCluster.create(ShardingConfig.builder().storageMessageMaxRetries(3).build());
  private final EntityClient fragile = cluster.register(FRAGILE);

  @AfterEach
  void close() {
    BROKEN.set(true);
    cluster.close();
  }

  @Test
  void aRequestThatKeepsFailingIsDeadLetteredThenReDriven() {
    fragile.notify("f1", new Put(7));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              cluster.clock().advance(ShardingConfig.DEFAULT_STORAGE_POLL_INTERVAL);
              return !cluster.deadLetters(10).isEmpty();
            });
    List<DeadLetteredRequest> dead = cluster.deadLetters(10);
    assertEquals(1, dead.size());
    DeadLetteredRequest d = dead.get(0);
    assertEquals("Fragile", d.entityType());
    assertEquals("f1", d.entityId());
    assertEquals("DeadLetterRedriveTest.Put", d.tag());
    assertEquals(3, d.failures());
    assertTrue(d.lastError().contains("not ready"), d.lastError());

    BROKEN.set(false);
    assertTrue(cluster.redrive(d.requestId()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fragile.call("f1", new Get()) == 7);
    assertTrue(cluster.deadLetters(10).isEmpty());
    assertFalse(
        cluster.redrive(d.requestId()),
        "a request that is no longer dead-lettered is not re-driven");
  }
}
