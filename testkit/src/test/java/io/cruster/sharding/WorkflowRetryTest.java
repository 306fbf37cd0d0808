package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkflowRetryTest {
  record Nothing() {}

  record Reserve() implements Activity<String> {}

  /** Reserves stock, then pays; paying fails while the payment service is down. */
  record Checkout(String orderId) implements Workflow<String> {}

  /** The same, de-duplicated by its order id. */
  record IdempotentCheckout(String orderId) implements Workflow<String>, Idempotent {
    @Override
    public String idempotencyKey() {
      return orderId;
    }
  }

  /** Pays in an activity, which fails while the payment service is down. */
  record Pay() implements Activity<String> {}

  record CheckoutPayingInActivity(String orderId) implements Workflow<String> {}

  record Ping() implements Rpc<String> {}

  private final AtomicBoolean paymentDown = new AtomicBoolean(true);
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger reservations = new AtomicInteger();
  private final AtomicInteger payments = new AtomicInteger();

  private String checkout(WorkflowContext<Nothing> ctx) {
    attempts.incrementAndGet();
    String reserved = ctx.run(new Reserve());
    if (paymentDown.get()) {
      throw new IllegalStateException("payment service down");
    }
    return reserved + ", paid";
  }

  private EntityType<Nothing> type(RetryPolicy policy) {
    return EntityType.define("Checkout", Nothing.class)
        .init(ctx -> new Nothing())
        .activity(Reserve.class, (ctx, m) -> "reserved " + reservations.incrementAndGet())
        .workflow(Checkout.class, (ctx, m) -> checkout(ctx))
        .workflow(IdempotentCheckout.class, (ctx, m) -> checkout(ctx))
        .activity(
            Pay.class,
            (ctx, m) -> {
              payments.incrementAndGet();
              if (paymentDown.get()) {
                throw new IllegalStateException("payment service down");
              }
              return "paid";
            })
        .workflow(
            CheckoutPayingInActivity.class,
            (ctx, m) -> ctx.run(new Reserve()) + ", " + ctx.run(new Pay()))
        .rpc(Ping.class, (ctx, m) -> "pong")
        .workflowRetry(policy)
        .build();
  }

  private final TestCluster cluster = TestCluster.create();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static EntityException entityFailure(CompletableFuture<?> reply) {
    CompletionException e = assertThrows(CompletionException.class, reply::join);
    return assertInstanceOf(EntityException.class, e.getCause());
  }

  @Test
  void failingWorkflowIsAttemptedThreeTimesThenReportsTheExceptionType() {
    EntityClient client = cluster.register(type(RetryPolicy.attempts(3)));
    CompletableFuture<String> reply =
        client.callAsync("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1"));
    Waiting.advanceUntil(cluster, Duration.ofMillis(500), reply::isDone);

    EntityException e = entityFailure(reply);
    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    assertEquals("payment service down", e.remoteMessage());
    assertEquals(3, attempts.get());
    assertEquals(
        1,
        reservations.get(),
        "the completed activity is replayed from the journal, not run again");
    assertEquals("pong", client.call("c-1", new Ping()));
  }

  @Test
  void retriesWaitForTheirBackoffOnTheClusterClock() {
    EntityClient client = cluster.register(type(RetryPolicy.attempts(3)));
    Instant start = cluster.clock().now();
    CompletableFuture<String> reply = client.callAsync("c-1", new Checkout("o-1"));
    Waiting.untilTimerAt(cluster, start.plusSeconds(1));
    assertEquals(1, attempts.get());

    cluster.clock().advance(Duration.ofMillis(999));
    Waiting.stays(() -> attempts.get() == 1);
    cluster.clock().advance(Duration.ofMillis(1));
    Waiting.untilTimerAt(cluster, start.plusSeconds(3));
    assertEquals(2, attempts.get());

    cluster.clock().advance(Duration.ofMillis(1_999));
    Waiting.stays(() -> attempts.get() == 2);
    cluster.clock().advance(Duration.ofMillis(1));
    Waiting.until(reply::isDone);
    assertEquals(3, attempts.get());
    entityFailure(reply);
  }

  @Test
  void failedActivityRunsAgainWhenTheWorkflowIsRetriedByClient() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    CallOptions key = CallOptions.idempotencyKey("o-1");
    EntityException e =
        assertThrows(
            EntityException.class,
            () -> client.call("c-1", new CheckoutPayingInActivity("o-1"), key));
    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    paymentDown.set(false);
    assertEquals("reserved 1, paid", client.retry("c-1", new CheckoutPayingInActivity("o-1"), key));
    assertEquals(1, reservations.get());
    assertEquals(2, payments.get());
  }

  @Test
  void withoutRetriesTheFirstFailureIsFinal() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    EntityException e =
        assertThrows(EntityException.class, () -> client.call("c-1", new Checkout("o-1")));
    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    assertEquals(1, attempts.get());
  }

  @Test
  void failedWorkflowRunsAgainWithClientRetryOnceTheCauseIsFixed() {
    EntityClient client = cluster.register(type(RetryPolicy.attempts(3)));
    CompletableFuture<String> reply =
        client.callAsync("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1"));
    Waiting.advanceUntil(cluster, Duration.ofMillis(500), reply::isDone);
    entityFailure(reply);

    paymentDown.set(false);
    assertEquals(
        "reserved 1, paid",
        client.retry("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1")));
    assertEquals(4, attempts.get());
    assertEquals(1, reservations.get());
    // Done now: the same key returns the stored reply without running again.
    assertEquals(
        "reserved 1, paid",
        client.call("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1")));
    assertEquals(4, attempts.get());
  }

  @Test
  void failedWorkflowRunsAgainWhenCalledWithTheSameKey() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    assertThrows(
        EntityException.class,
        () -> client.call("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1")));
    paymentDown.set(false);
    assertEquals(
        "reserved 1, paid",
        client.call("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1")));
    assertEquals(2, attempts.get());
    assertEquals(1, reservations.get());
  }

  @Test
  void failedWorkflowCalledAgainRightAwayRunsAgainEveryTime() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    CallOptions quick = CallOptions.timeout(Duration.ofSeconds(5));
    for (int round = 0; round < 20; round++) {
      CallOptions key = CallOptions.idempotencyKey("o-" + round).withTimeout(Duration.ofSeconds(5));
      assertThrows(EntityException.class, () -> client.call("c-1", new Checkout("o"), key));
      // Called again at once with the same key: it runs again (and fails again), it does not hang.
      assertThrows(
          EntityException.class,
          () -> client.call("c-1", new Checkout("o"), key),
          "round " + round);
      assertEquals(2 * (round + 1), attempts.get());
    }
    assertEquals("pong", client.call("c-1", new Ping(), quick));
  }

  @Test
  void failedIdempotentWorkflowIsRetriedByItsBusinessKey() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    assertThrows(EntityException.class, () -> client.call("c-1", new IdempotentCheckout("o-7")));
    paymentDown.set(false);
    assertEquals(
        "reserved 1, paid", client.retry("c-1", new IdempotentCheckout("o-7"), CallOptions.none()));
    assertEquals(2, attempts.get());
  }

  @Test
  void retryWithoutAKeyIsRefused() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    assertThrows(
        IllegalArgumentException.class,
        () -> client.retry("c-1", new Checkout("o-1"), CallOptions.none()));
    assertEquals(0, attempts.get());
  }

  @Test
  void workflowThatFailedForGoodStaysFailedUntilRetried() {
    EntityClient client = cluster.register(type(RetryPolicy.none()));
    assertThrows(
        EntityException.class,
        () -> client.call("c-1", new Checkout("o-1"), CallOptions.idempotencyKey("o-1")));
    cluster.clock().advance(Duration.ofHours(1));
    Waiting.stays(() -> attempts.get() == 1);
  }
}
