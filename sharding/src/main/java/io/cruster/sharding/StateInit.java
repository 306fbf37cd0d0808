package io.cruster.sharding;

/** Creates the state of an entity (or trait) that has none stored yet. */
@FunctionalInterface
public interface StateInit<S> {
  S init(EntityContext ctx) throws Exception;
}
