package io.cruster.testkit;

import io.cruster.sharding.WorkflowExecution;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowHistory;
import io.cruster.sharding.WorkflowQuery;
import io.cruster.sharding.Workflows;
import java.util.List;
import java.util.Optional;

/** The workflows of a {@link TestCluster}, following it across restarts. */
final class RestartableWorkflows implements Workflows {
  private final TestCluster cluster;

  RestartableWorkflows(TestCluster cluster) {
    this.cluster = cluster;
  }

  private Workflows current() {
    return cluster.runner().workflows();
  }

  @Override
  public <R> WorkflowHandle<R> handle(String executionId, Class<R> replyType) {
    return new RestartableHandle<>(cluster, executionId, current().handle(executionId, replyType));
  }

  @Override
  public List<WorkflowExecution> list(WorkflowQuery query) {
    return current().list(query);
  }

  @Override
  public Optional<WorkflowExecution> describe(String executionId) {
    return current().describe(executionId);
  }

  @Override
  public boolean cancel(String executionId, String reason) {
    return current().cancel(executionId, reason);
  }

  @Override
  public boolean retry(String executionId) {
    return current().retry(executionId);
  }

  @Override
  public <R> WorkflowHandle<R> restartFrom(String executionId, int step, Class<R> replyType) {
    WorkflowHandle<R> h = current().restartFrom(executionId, step, replyType);
    return new RestartableHandle<>(cluster, h.executionId(), h);
  }

  @Override
  public WorkflowHistory history(String executionId) {
    return current().history(executionId);
  }
}
