package io.cruster.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.cruster.benchmarks.peer.Await;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A one-node Pekko cluster for the entity benchmarks' peer: the {@code entities.conf} settings
 * (artery on 127.0.0.1, a free port, no downing, no JMX, quiet logs), the node joining its own
 * address, and a bounded wait until it is Up.
 */
final class PekkoCluster {
  private PekkoCluster() {}

  /** Starts a cluster actor system and returns once its single member is Up (or fails, bounded). */
  static ActorSystem<Void> start(String name) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.<Void>empty(), name, ConfigFactory.load("entities"));
    try {
      CountDownLatch up = new CountDownLatch(1);
      org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
          .registerOnMemberUp(up::countDown);
      Cluster cluster = Cluster.get(system);
      Address self = cluster.selfMember().address();
      cluster.manager().tell(Join.create(self));
      Await.latch(up, Await.SYSTEM, "Pekko cluster node " + self + " becoming Up");
      return system;
    } catch (RuntimeException e) {
      stop(system, "Pekko cluster " + name);
      throw e;
    }
  }

  /** Terminates the system (leaving the cluster first) and waits, bounded, until it has stopped. */
  static void stop(ActorSystem<Void> system, String label) {
    system.terminate();
    Await.future(system.getWhenTerminated(), Await.SYSTEM, label + ": system termination");
  }
}
