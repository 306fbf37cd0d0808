package io.cruster.testkit;

import io.cruster.actors.CrusterException;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A workflow handle of a {@link TestCluster} that follows it across {@link TestCluster#restart()}s:
 * each call goes to the node running now, and a join cut short by a restart goes on waiting on the
 * fresh node.
 */
final class RestartableHandle<R> implements WorkflowHandle<R> {
  private final TestCluster cluster;
  private final String executionId;
  private final Object node;
  private final WorkflowHandle<R> first;

  RestartableHandle(TestCluster cluster, String executionId, WorkflowHandle<R> first) {
    this.cluster = cluster;
    this.executionId = executionId;
    this.node = cluster.runner();
    this.first = first;
  }

  @SuppressWarnings("unchecked")
  private WorkflowHandle<R> current() {
    return cluster.runner() == node
        ? first
        : (WorkflowHandle<R>) cluster.runner().workflows().handle(executionId, Object.class);
  }

  @Override
  public String executionId() {
    return executionId;
  }

  @Override
  public String entityId() {
    return current().entityId();
  }

  @Override
  public Optional<R> poll() {
    return current().poll();
  }

  @Override
  public R join(Duration timeout) {
    return join(timeout, cluster.restarts());
  }

  /** Joins; a join cut short by a restart begun after {@code restartsSeen} waits on. */
  private R join(Duration timeout, long restartsSeen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = restartsSeen;
    while (true) {
      try {
        return current().join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (CrusterException e) {
        long now = cluster.restarts();
        if (now == seen || System.nanoTime() - deadline >= 0) {
          throw e; // not cut short by a restart
        }
        seen = now;
        cluster.awaitRestarted(deadline);
      }
    }
  }

  @Override
  public CompletableFuture<R> joinAsync() {
    long restartsSeen = cluster.restarts();
    return CompletableFuture.supplyAsync(
        () -> join(Duration.ofDays(365), restartsSeen), r -> Thread.ofVirtual().start(r));
  }

  @Override
  public WorkflowStatus status() {
    return current().status();
  }

  @Override
  public boolean cancel(String reason) {
    return current().cancel(reason);
  }

  @Override
  public String toString() {
    return "WorkflowHandle[" + executionId + "]";
  }
}
