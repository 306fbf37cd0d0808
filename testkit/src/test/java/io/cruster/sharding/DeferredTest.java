package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeferredTest {
  record Desk(Optional<DeferredToken<String>> published) {}

  /** Marks that the workflow is about to await (a side effect the test can wait for). */
  record Ready() implements Activity<Integer> {}

  /** Awaits the approval of {@code orderId}. */
  record AwaitApproval(String orderId) implements Workflow<String> {}

  /**
   * Publishes a token for the approval of {@code orderId} (through an activity), then awaits it.
   */
  record AwaitWithToken(String orderId) implements Workflow<String> {}

  /** Awaits the approval, clears the slot, awaits it again. */
  record AwaitTwice(String orderId) implements Workflow<String> {}

  record Publish(DeferredToken<String> token) implements Activity<Integer> {}

  record PublishedToken() implements Rpc<Optional<DeferredToken<String>>> {}

  /** Resolves the approval from inside the entity, as a clerk's action would. */
  @Public
  record Approve(String orderId, String by) implements Activity<Boolean> {}

  /** Hands out a token for the approval of {@code orderId}. */
  @Public
  record IssueToken(String orderId) implements Activity<DeferredToken<String>> {}

  @Public
  record ClearApproval(String orderId) implements Activity<Boolean> {}

  /** Resolves the approval from a workflow of the entity. */
  record ApproveLater(String orderId, String by) implements Workflow<String> {}

  record Ping() implements Rpc<String> {}

  static Deferred<String> approval(String orderId) {
    return Deferred.of("approval/" + orderId, String.class);
  }

  private final AtomicInteger ready = new AtomicInteger();

  private final EntityType<Desk> type =
      EntityType.define("Desk", Desk.class)
          .init(ctx -> new Desk(Optional.empty()))
          .activity(Ready.class, (ctx, m) -> ready.incrementAndGet())
          .workflow(
              AwaitApproval.class,
              (ctx, m) -> {
                ctx.run(new Ready());
                return "approved by " + ctx.await(approval(m.orderId()));
              })
          .workflow(
              AwaitWithToken.class,
              (ctx, m) -> {
                ctx.run(new Publish(ctx.deferredToken(approval(m.orderId()))));
                ctx.run(new Ready());
                return "approved by " + ctx.await(approval(m.orderId()));
              })
          .workflow(
              AwaitTwice.class,
              (ctx, m) -> {
                String first = ctx.await(approval(m.orderId()));
                ctx.clear(approval(m.orderId()));
                ctx.run(new Ready());
                String second = ctx.await(approval(m.orderId()));
                return first + " then " + second;
              })
          .activity(
              Publish.class,
              (ctx, m) -> {
                ctx.setState(new Desk(Optional.of(m.token())));
                return 1;
              })
          .rpc(PublishedToken.class, (ctx, m) -> ctx.state().published())
          .activity(
              Approve.class,
              (ctx, m) -> {
                ctx.resolve(approval(m.orderId()), m.by());
                return true;
              })
          .activity(IssueToken.class, (ctx, m) -> ctx.deferredToken(approval(m.orderId())))
          .activity(
              ClearApproval.class,
              (ctx, m) -> {
                ctx.clear(approval(m.orderId()));
                return true;
              })
          .workflow(
              ApproveLater.class,
              (ctx, m) -> {
                ctx.resolve(approval(m.orderId()), m.by());
                return "resolved";
              })
          .rpc(Ping.class, (ctx, m) -> "pong")
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient desks = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  /** Starts the workflow and waits until it is blocked in its await. */
  private CompletableFuture<String> startAwaiting(Workflow<String> workflow) {
    int before = ready.get();
    CompletableFuture<String> reply = desks.callAsync("desk-1", workflow);
    Waiting.until(() -> ready.get() > before);
    Waiting.stays(() -> !reply.isDone());
    return reply;
  }

  @Test
  void valueResolvedBeforeTheAwaitIsKept() {
    assertTrue(desks.resolve("desk-1", approval("o-1"), "alice"));
    assertEquals("approved by alice", desks.call("desk-1", new AwaitApproval("o-1")));
  }

  @Test
  void resolvingAfterTheAwaitWakesTheWorkflow() {
    CompletableFuture<String> reply = startAwaiting(new AwaitApproval("o-1"));
    assertTrue(desks.resolve("desk-1", approval("o-1"), "bob"));
    assertEquals("approved by bob", reply.join());
  }

  @Test
  void awaitingWorkflowHoldsNoLock() {
    CompletableFuture<String> reply = startAwaiting(new AwaitApproval("o-1"));
    assertEquals("pong", desks.call("desk-1", new Ping()));
    assertEquals(true, desks.call("desk-1", new ClearApproval("o-2")));
    assertFalse(reply.isDone());
  }

  @Test
  void tokenFromTheWorkflowResolvesTheDeferred() {
    CompletableFuture<String> reply = startAwaiting(new AwaitWithToken("o-1"));
    DeferredToken<String> token = desks.call("desk-1", new PublishedToken()).orElseThrow();
    assertEquals(new DeferredToken<String>(type.name(), "desk-1", "approval/o-1"), token);
    assertTrue(desks.resolve(token, "carol"));
    assertEquals("approved by carol", reply.join());
  }

  @Test
  void tokenFromAnActivityResolvesTheDeferred() {
    DeferredToken<String> token = desks.call("desk-1", new IssueToken("o-1"));
    CompletableFuture<String> reply = startAwaiting(new AwaitApproval("o-1"));
    assertTrue(desks.resolve(token, "dave"));
    assertEquals("approved by dave", reply.join());
  }

  @Test
  void entitysOwnActivityResolvesTheDeferred() {
    CompletableFuture<String> reply = startAwaiting(new AwaitApproval("o-1"));
    assertTrue(desks.call("desk-1", new Approve("o-1", "erin")));
    assertEquals("approved by erin", reply.join());
  }

  @Test
  void entitysOwnWorkflowResolvesTheDeferred() {
    CompletableFuture<String> reply = startAwaiting(new AwaitApproval("o-1"));
    CompletableFuture<String> resolver =
        desks.callAsync("desk-1", new ApproveLater("o-1", "frank"));
    Waiting.advanceUntil(cluster, Duration.ofSeconds(1), resolver::isDone);
    assertEquals("resolved", resolver.join());
    assertEquals("approved by frank", reply.join());
  }

  @Test
  void firstValueWinsAndResolvingAgainReturnsFalse() {
    assertTrue(desks.resolve("desk-1", approval("o-1"), "first"));
    assertFalse(desks.resolve("desk-1", approval("o-1"), "second"));
    assertFalse(desks.resolve(desks.call("desk-1", new IssueToken("o-1")), "third"));
    desks.call("desk-1", new Approve("o-1", "fourth"));
    assertEquals("approved by first", desks.call("desk-1", new AwaitApproval("o-1")));
  }

  @Test
  void slotsAreNamedPerEntity() {
    assertTrue(desks.resolve("desk-1", approval("o-1"), "alice"));
    assertTrue(desks.resolve("desk-2", approval("o-1"), "bob"));
    assertTrue(desks.resolve("desk-1", approval("o-2"), "carol"));
    assertEquals("approved by bob", desks.call("desk-2", new AwaitApproval("o-1")));
  }

  @Test
  void clearedSlotCanBeResolvedAgain() {
    assertTrue(desks.resolve("desk-1", approval("o-1"), "old"));
    assertTrue(desks.call("desk-1", new ClearApproval("o-1")));
    assertTrue(desks.resolve("desk-1", approval("o-1"), "new"));
    assertEquals("approved by new", desks.call("desk-1", new AwaitApproval("o-1")));
  }

  @Test
  void workflowClearsTheSlotAndAwaitsItAgain() {
    assertTrue(desks.resolve("desk-1", approval("o-1"), "round 1"));
    CompletableFuture<String> reply = startAwaiting(new AwaitTwice("o-1"));
    assertTrue(desks.resolve("desk-1", approval("o-1"), "round 2"));
    assertEquals("round 1 then round 2", reply.join());
  }

  @Test
  void awaitSurvivesRestart() {
    CompletableFuture<String> reply =
        desks.callAsync("desk-1", new AwaitApproval("o-1"), CallOptions.idempotencyKey("w-1"));
    Waiting.until(() -> ready.get() == 1);
    cluster.restart();
    assertTrue(desks.resolve("desk-1", approval("o-1"), "after restart"));
    assertEquals(
        "approved by after restart",
        desks.call("desk-1", new AwaitApproval("o-1"), CallOptions.idempotencyKey("w-1")));
    assertEquals(1, ready.get());
    assertTrue(reply.isCompletedExceptionally());
  }
}
