package io.cruster.sharding;

/**
 * The context of an activity: reads and writes the state, and resolves deferreds. Everything set
 * here is committed together with the activity's result when the handler returns, and dropped if it
 * throws.
 *
 * @param <S> the state type of the entity (or of the trait that declares the handler)
 */
public interface ActivityContext<S> extends RpcContext<S> {

  /** Replaces the state; {@link #state()} returns the new value from now on. */
  void setState(S state);

  /** Replaces the state of a trait composed into this entity. */
  <T> void setTraitState(EntityTrait<T> trait, T state);

  /** Resolves a deferred of this entity when the activity commits; the first value wins. */
  <T> void resolve(Deferred<T> deferred, T value);

  /**
   * Empties a deferred slot of this entity when the activity commits, so its name can be used
   * again.
   */
  void clear(Deferred<?> deferred);

  /**
   * The connection of this activity's database transaction, for the activity's own SQL: its
   * statements commit together with the activity's state and result, or not at all. Opened on first
   * use; blocks until a connection is free. Do not commit, roll back or close it.
   *
   * @throws UnsupportedOperationException when the storage has no SQL (the in-memory storage of a
   *     TestCluster)
   */
  java.sql.Connection sql();

  /**
   * A token anyone may use to resolve {@code deferred} of this entity, e.g. in a link sent by
   * email.
   */
  <T> DeferredToken<T> deferredToken(Deferred<T> deferred);
}
