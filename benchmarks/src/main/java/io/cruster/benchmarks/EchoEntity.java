package io.cruster.benchmarks;

import io.cruster.sharding.EntityType;
import io.cruster.sharding.Rpc;

/**
 * The entity of the cluster suite: an rpc that returns its payload, and one that names the runner
 * serving the entity (so the harness can tell which runner JVM to kill). It keeps no state but the
 * empty record every entity has; registered on every runner of the suite, the callers' included.
 */
final class EchoEntity {
  private EchoEntity() {}

  record Idle() {}

  /** Returns {@code payload}. */
  record Echo(byte[] payload) implements Rpc<byte[]> {}

  /** Returns the {@code host:port} of the runner serving the entity. */
  record Locate() implements Rpc<String> {}

  /**
   * The address of the runner in this JVM, set by {@link ClusterNode} once it has started; ""
   * elsewhere.
   */
  static volatile String runnerAddress = "";

  static final EntityType<Idle> TYPE =
      EntityType.define("Echo", Idle.class)
          .init(ctx -> new Idle())
          .rpc(Echo.class, (ctx, m) -> m.payload())
          .rpc(Locate.class, (ctx, m) -> runnerAddress)
          .build();
}
