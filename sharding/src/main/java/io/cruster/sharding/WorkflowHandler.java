package io.cruster.sharding;

/**
 * Handles a workflow: sequential code on a virtual thread, made durable by its context. Must be
 * deterministic given its journal: do side effects, reads of time and randomness in activities, not
 * here.
 */
@FunctionalInterface
public interface WorkflowHandler<S, M, R> {
  R handle(WorkflowContext<S> ctx, M message) throws Exception;
}
