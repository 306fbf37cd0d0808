package io.cruster.sharding;

/**
 * A message an entity accepts, replying with an {@code R}. Messages are records that implement one
 * of the kinds {@link Rpc}, {@link Activity}, {@link Workflow} or {@link StreamRpc}; the kind says
 * how the entity runs it and the type argument is the reply type, so a handler returning anything
 * else does not compile.
 *
 * <p>A message's tag (its identity in storage and on the wire) is its record's simple name, nested
 * names joined with {@code .} ({@code Counter.Increment}), unless the record carries {@link Tag}.
 * Keep tags stable: journals and stored requests refer to them.
 *
 * @param <R> the reply type
 */
public interface Message<R> {}
