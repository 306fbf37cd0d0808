package io.cruster.sharding;

/**
 * A read that replies with a stream of chunks, delivered to the caller in order and with
 * backpressure ({@link EntityClient#stream}). Like an {@link Rpc}, it reads the last committed
 * state and changes nothing.
 *
 * @param <T> the chunk type
 */
public interface StreamRpc<T> extends Message<T> {}
