package io.cruster.sharding;

/** The body of a cluster singleton; runs on a virtual thread and may block. */
@FunctionalInterface
public interface Singleton {
  void run(SingletonContext ctx) throws Exception;
}
