package io.cruster.sharding.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.RetryPolicy;
import io.cruster.sharding.Workflow;
import io.cruster.sharding.WorkflowCancelledException;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workflow started here runs its first attempt without reading its journal (it has none): a
 * cancellation recorded in between must still reach it.
 */
@Timeout(60)
class FreshStartTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Public
  record Hold() implements Activity<Boolean> {}

  record Step() implements Activity<String> {}

  record Go() implements Workflow<String> {}

  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final TestCluster cluster = TestCluster.create();
  private final EntityClient client =
      cluster.register(
          EntityType.define("Gate", Boolean.class)
              .init(ctx -> false)
              .workflowRetry(RetryPolicy.none())
              .activity(
                  Hold.class,
                  (ctx, m) -> {
                    holding.countDown();
                    return release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                  })
              .activity(
                  Step.class,
                  (ctx, m) -> {
                    ran.add(ctx.entityId());
                    return "stepped";
                  })
              .workflow(Go.class, (ctx, m) -> ctx.run(new Step()))
              .build());

  @AfterEach
  void close() {
    release.countDown();
    cluster.close();
  }

  @Test
  void aFreshWorkflowRunsToItsEnd() {
    assertEquals("stepped", client.start("g-1", new Go()).join(PATIENCE));
    assertEquals(List.of("g-1"), ran);
  }

  @Test
  void aCancellationRecordedBeforeAFreshWorkflowStartsIsRaisedAtItsFirstStep()
      throws InterruptedException {
    client.notify("g-2", new Hold()); // the entity is busy: the workflow waits in its mailbox
    assertTrue(holding.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    WorkflowHandle<String> h = client.start("g-2", new Go());

    assertTrue(h.cancel("not needed"));
    release.countDown();

    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    assertEquals(List.of(), ran);
  }

  @Test
  void aCancellationHeardOfFromAnotherNodeBeforeAFreshWorkflowStartsIsRaisedToo()
      throws InterruptedException {
    client.notify("g-3", new Hold());
    assertTrue(holding.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    WorkflowHandle<String> h = client.start("g-3", new Go());

    // Recorded in storage only, as another node records it: this node hears of it from storage
    // (its listener subscribed first, so it has heard once a listener subscribed now hears).
    CountDownLatch heard = new CountDownLatch(1);
    cluster
        .storage()
        .executions()
        .subscribe(
            new ExecutionListener() {
              @Override
              public void ended(String executionId) {}

              @Override
              public void cancelRequested(String executionId) {
                heard.countDown();
              }

              @Override
              public void missed() {}
            });
    assertTrue(
        cluster
            .storage()
            .executions()
            .requestCancel(h.executionId(), "elsewhere", cluster.clock().now()));
    assertTrue(heard.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    release.countDown();

    assertThrows(WorkflowCancelledException.class, () -> h.join(PATIENCE));
    assertEquals(List.of(), ran);
  }
}
