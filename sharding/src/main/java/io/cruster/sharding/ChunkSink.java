package io.cruster.sharding;

/**
 * Where a stream rpc writes its chunks. {@link #emit} blocks while the caller lags behind
 * (backpressure).
 */
public interface ChunkSink<T> {

  /**
   * Sends the next chunk.
   *
   * @throws CallTimeoutException if the caller did not take chunks for the call timeout (it went
   *     away)
   */
  void emit(T chunk);
}
