package io.cruster.sharding;

/**
 * The context of an rpc or stream rpc: the last committed state, read-only.
 *
 * @param <S> the state type of the entity (or of the trait that declares the handler)
 */
public interface RpcContext<S> extends EntityContext {

  /** The last committed state. */
  S state();

  /** The last committed state of a trait composed into this entity. */
  <T> T traitState(EntityTrait<T> trait);
}
