package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.MailboxFullException;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded waiting: call timeouts and the entity's mailbox capacity. */
@Timeout(60)
class CallLimitsTest {
  record Gate(int passed) {}

  /** Blocks until the test opens the gate. */
  @Public
  record Pass() implements Activity<Integer> {}

  record Passed() implements Rpc<Integer> {}

  record Nap() implements Workflow<String> {}

  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger entered = new AtomicInteger();

  private final EntityType<Gate> type =
      EntityType.define("Gate", Gate.class)
          .init(ctx -> new Gate(0))
          .mailboxCapacity(2)
          .activity(
              Pass.class,
              (ctx, m) -> {
                entered.incrementAndGet();
                gate.await(20, TimeUnit.SECONDS);
                ctx.setState(new Gate(ctx.state().passed() + 1));
                return ctx.state().passed();
              })
          .rpc(Passed.class, (ctx, m) -> ctx.state().passed())
          .workflow(
              Nap.class,
              (ctx, m) -> {
                ctx.sleep(Duration.ofHours(1));
                return "rested";
              })
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient gates = cluster.register(type);

  @AfterEach
  void close() {
    gate.countDown();
    cluster.close();
  }

  @Test
  void callThatGetsNoReplyInTimeFailsWithRetryableTimeout() {
    long start = System.nanoTime();
    CallTimeoutException e =
        assertThrows(
            CallTimeoutException.class,
            () ->
                gates.call(
                    "g-1",
                    new Nap(),
                    CallOptions.idempotencyKey("nap-1").withTimeout(Duration.ofMillis(100))));
    assertTrue(e.isRetryable());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    assertEquals(0, gates.call("g-1", new Passed()));
  }

  @Test
  void timedOutWorkflowGoesOnAndItsReplyIsKeptForTheSameKey() {
    Instant wake = cluster.clock().now().plus(Duration.ofHours(1));
    assertThrows(
        CallTimeoutException.class,
        () ->
            gates.call(
                "g-1",
                new Nap(),
                CallOptions.idempotencyKey("nap-1").withTimeout(Duration.ofMillis(100))));
    Waiting.untilTimerAt(cluster, wake);
    cluster.clock().advance(Duration.ofHours(1));
    assertEquals("rested", gates.call("g-1", new Nap(), CallOptions.idempotencyKey("nap-1")));
  }

  @Test
  void fourthConcurrentCallToAFullMailboxFails() {
    CompletableFuture<Integer> running = gates.callAsync("g-1", new Pass());
    Waiting.until(() -> entered.get() == 1);
    CompletableFuture<Integer> queued1 = gates.callAsync("g-1", new Pass());
    CompletableFuture<Integer> queued2 = gates.callAsync("g-1", new Pass());

    MailboxFullException e =
        assertThrows(MailboxFullException.class, () -> gates.call("g-1", new Pass()));
    assertTrue(e.isRetryable());

    gate.countDown();
    assertEquals(1, running.join());
    assertEquals(5, queued1.join() + queued2.join());
    assertEquals(3, gates.call("g-1", new Passed()));
    assertEquals(4, gates.call("g-1", new Pass()));
  }

  @Test
  void fullMailboxOfOneEntityDoesNotAffectAnother() {
    gates.callAsync("g-1", new Pass());
    Waiting.until(() -> entered.get() == 1);
    gates.callAsync("g-1", new Pass());
    gates.callAsync("g-1", new Pass());
    assertThrows(MailboxFullException.class, () -> gates.call("g-1", new Pass()));
    gate.countDown();
    assertEquals(1, gates.call("g-2", new Pass()));
  }

  @Test
  void rpcsAreAnsweredWhileTheMailboxIsFull() {
    gates.callAsync("g-1", new Pass());
    Waiting.until(() -> entered.get() == 1);
    gates.callAsync("g-1", new Pass());
    gates.callAsync("g-1", new Pass());
    assertEquals(0, gates.call("g-1", new Passed()));
  }
}
