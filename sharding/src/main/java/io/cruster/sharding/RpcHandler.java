package io.cruster.sharding;

/**
 * Handles an rpc: reads state, returns the reply. May block and may throw (the caller gets an
 * EntityException).
 */
@FunctionalInterface
public interface RpcHandler<S, M, R> {
  R handle(RpcContext<S> ctx, M message) throws Exception;
}
