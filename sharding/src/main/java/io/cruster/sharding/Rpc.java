package io.cruster.sharding;

/**
 * A read: reads the entity's last committed state, runs concurrently with everything else, is not
 * journaled and cannot change state. Callable by clients and other entities unless annotated
 * otherwise ({@link Public} by default).
 *
 * @param <R> the reply type
 */
public interface Rpc<R> extends Message<R> {}
