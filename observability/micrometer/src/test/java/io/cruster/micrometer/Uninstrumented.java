package io.cruster.micrometer;

import io.cruster.sharding.EntityClient;
import io.cruster.testkit.TestCluster;

/** A workflow calling another entity on a cluster with no instrumentation. */
public final class Uninstrumented {
  private Uninstrumented() {}

  /** Runs the workflow; returns its reply. */
  public static int run() {
    try (TestCluster cluster = TestCluster.create()) {
      cluster.register(Shop.Stock.TYPE);
      EntityClient orders = cluster.register(Shop.Order.TYPE);
      return orders.call("o-1", new Shop.Order.Place("s-1", 4))
          + cluster.client(Shop.Stock.TYPE).call("s-1", new Shop.Stock.Left());
    }
  }
}
