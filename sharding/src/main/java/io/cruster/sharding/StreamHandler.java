package io.cruster.sharding;

/** Handles a stream rpc: emits chunks to {@code out}, in order; returning ends the stream. */
@FunctionalInterface
public interface StreamHandler<S, M, T> {
  void handle(RpcContext<S> ctx, M message, ChunkSink<T> out) throws Exception;
}
