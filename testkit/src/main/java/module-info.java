/**
 * Test tools: {@code ActorTestKit} and {@code TestProbe} for actors, {@code TestCluster} (an
 * in-memory cluster on a manual clock) for entities, and helpers that find the PostgreSQL and etcd
 * the integration tests use.
 */
module io.cruster.testkit {
  requires transitive io.cruster.actors;
  requires transitive io.cruster.sharding;
  requires io.cruster.scheduler;
  requires org.slf4j;

  exports io.cruster.testkit;
}
