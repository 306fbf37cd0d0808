package io.cruster.sharding;

/**
 * A durable process: plain sequential code whose steps ({@code ctx.run}, {@code ctx.sleep}, {@code
 * ctx.await}, calls to other entities) are journaled, so after a crash it replays to where it was
 * and goes on, each activity run once. A suspended workflow holds no lock. {@link Public} by
 * default.
 *
 * @param <R> the reply type
 */
public interface Workflow<R> extends Message<R> {}
