package io.cruster.sharding;

/**
 * Asked before an idle entity is passivated (removed from memory; its state is already committed).
 * Return false to keep it: it is asked again after the next idle period.
 */
@FunctionalInterface
public interface PassivationVeto<S> {
  boolean allowPassivation(RpcContext<S> ctx);
}
