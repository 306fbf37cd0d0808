package io.cruster.sharding;

/**
 * Handles an activity: may change state, returns the reply. Exclusive among the entity's
 * activities; if it throws, nothing it set is committed.
 */
@FunctionalInterface
public interface ActivityHandler<S, M, R> {
  R handle(ActivityContext<S> ctx, M message) throws Exception;
}
